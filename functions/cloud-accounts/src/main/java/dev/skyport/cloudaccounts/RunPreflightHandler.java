package dev.skyport.cloudaccounts;

import dev.skyport.cloudaccounts.application.PreflightRequest;
import dev.skyport.cloudaccounts.application.RunPreflight;
import dev.skyport.cloudaccounts.domain.PreflightReport;
import dev.skyport.kernel.DomainException;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run preflight, a step of the provisioning workflow before the Terraform task starts: the workflow invokes it
 * with the run's {@code preflight} document ({@link PreflightRequest}) and fails the run at once with the answer's
 * {@code reason} and {@code details} unless it is {@code ok}. A malformed request is answered as a failed preflight;
 * only trouble of Skyport's own (its table, its secrets) is an error, which the workflow retries.
 */
public class RunPreflightHandler extends EventHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(RunPreflightHandler.class);

    @Inject
    RunPreflight preflight;

    /** Used by the Lambda runtime. */
    public RunPreflightHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public RunPreflightHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Map<String, Object> execute(Map<String, Object> input) {
        PreflightRequest request;
        try {
            request = PreflightRequest.from(input);
        } catch (DomainException invalid) {
            LOG.warn("refused a preflight request: {}", invalid.getMessage());
            return PreflightRequest.answer(PreflightReport.of(invalid.slug(), invalid.getMessage()));
        }
        return PreflightRequest.answer(preflight.check(request.owner(), request.cloudAccount(), request.scope()));
    }
}
