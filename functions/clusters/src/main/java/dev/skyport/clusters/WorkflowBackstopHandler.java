package dev.skyport.clusters;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop of the provisioning workflow: EventBridge sends each "Step Functions Execution Status Change" of
 * the provisioning state machine that ended FAILED, TIMED_OUT or ABORTED. An execution that died outside its own
 * {@code Catch} (a timeout of the whole execution, a stop from the console) leaves its cluster PROVISIONING or
 * DELETING; this marks it failed with {@code workflow-failed}, {@code workflow-timed-out} or
 * {@code workflow-aborted}. A run that already ended, was cancelled or was replaced is left alone, so a
 * redelivered event changes nothing.
 */
public class WorkflowBackstopHandler extends EventHandler<ScheduledEvent, String> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowBackstopHandler.class);

    @Inject
    RunReports reports;
    @Inject
    JsonMapper json;

    public WorkflowBackstopHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public WorkflowBackstopHandler(ApplicationContext context) {
        super(context);
    }

    /** The execution input of the run protocol, as the event's {@code detail.input} carries it. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ExecutionInput(String clusterId, String runId, String action, String owner) {
    }

    @Override
    protected String execute(ScheduledEvent event) {
        Map<String, Object> detail = event.getDetail() == null ? Map.of() : event.getDetail();
        String status = String.valueOf(detail.get("status"));
        if (!status.equals("FAILED") && !status.equals("TIMED_OUT") && !status.equals("ABORTED")) {
            return "ignored";
        }
        Optional<ExecutionInput> input = input(detail.get("input"));
        if (input.isEmpty()) {
            LOG.warn("execution {} ended {} without a run protocol input; nothing to mark",
                    detail.get("executionArn"), status);
            return "ignored";
        }
        ExecutionInput run = input.get();
        String reason = "workflow-" + status.toLowerCase(Locale.ROOT).replace('_', '-');
        boolean marked = reports.failed(new UserId(run.owner()), new ClusterId(run.clusterId()), run.runId(), reason);
        LOG.info("execution of run {} of cluster {} ended {}: {}", run.runId(), run.clusterId(), status,
                marked ? "cluster marked " + reason : "run already over, nothing to mark");
        return marked ? "marked" : "unchanged";
    }

    private Optional<ExecutionInput> input(Object text) {
        if (!(text instanceof String input) || input.length() > 4096) {
            return Optional.empty();
        }
        try {
            ExecutionInput parsed = json.readValue(input, ExecutionInput.class);
            if (parsed.clusterId() == null || parsed.runId() == null || parsed.owner() == null
                    || !dev.skyport.kernel.UuidText.matches(parsed.clusterId())
                    || !dev.skyport.kernel.UuidText.matches(parsed.runId())) {
                return Optional.empty();
            }
            return Optional.of(parsed);
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
