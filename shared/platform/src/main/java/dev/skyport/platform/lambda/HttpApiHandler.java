package dev.skyport.platform.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every function's HTTP API entry point (payload 2.0): the controllers answer, every log line carries the
 * invocation's request id and cold-start flag ({@link InvocationLogContext}), and singletons start eagerly when init
 * is off the request path (SnapStart, provisioned concurrency: {@link Initialization}) so clients and keys are ready
 * before the snapshot; on demand they are built as requests need them.
 */
public abstract class HttpApiHandler extends APIGatewayV2HTTPEventFunction {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    /**
     * A bearer token of the right shape that no key of ours signed (its kid names none): a priming request with it
     * goes through routing, the security filter and the token's parsing and is refused with a 401, touching no data.
     */
    static final String PRIMING_TOKEN = "eyJhbGciOiJFUzI1NiIsImtpZCI6InNreXBvcnQtcHJpbWluZyIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiJwcmltaW5nIiwiaXNzIjoic2t5cG9ydC1wcmltaW5nIn0"
            + ".cHJpbWluZy1vbmx5LW5vdC1hLXNpZ25hdHVyZS1wcmltaW5nLW9ubHktbm90LWEtc2lnbmF0dXJlLXByaW1pbmc";

    /**
     * What a function's context holds in Lambda on top of {@code SkyportDefaults}: a route, and the session check's
     * lookup, run on the invocation's own thread (only auth's mail-rate limit still moves its requests to the
     * blocking executor, where their route then goes on). Lambda has no event loop to keep free (one request at a
     * time, and its thread waits for the answer anyway), so the defaults' hop to the blocking executor is only a
     * cost here; the local platform's Netty keeps it. Handler tests build their contexts with these too.
     */
    public static final Map<String, Object> IN_LAMBDA = Map.of("micronaut.server.thread-selection", "MANUAL");

    /** Used by the Lambda runtime. */
    protected HttpApiHandler() {
        super();
        if (Initialization.eager()) {
            prime();
            ClassPriming.beforeSnapshot(getClass(), applicationContext);
        }
    }

    /**
     * SnapStart priming of the HTTP path: one refused request to the function's own route
     * ({@code skyport.prime-route}) before the snapshot, so routing, the security filter, token parsing and the
     * problem response are loaded and warm after a restore. Not counted as an invocation (no request id, no cold-start
     * flag used up). A failure only logs: priming must never stop a function from starting.
     */
    private void prime() {
        Optional<String> route = applicationContext.getProperty("skyport.prime-route", String.class);
        if (route.isEmpty() || !applicationContext.getProperty("skyport.prime-clients", Boolean.class).orElse(false)) {
            return;
        }
        try {
            APIGatewayV2HTTPResponse refused = super.handleRequest(APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0").withRouteKey("GET " + route.get()).withRawPath(route.get())
                    .withRawQueryString("")
                    .withHeaders(Map.of("host", "priming.skyport.invalid", "authorization", "Bearer " + PRIMING_TOKEN))
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET")
                                    .withPath(route.get()).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                            .withStage("$default").build())
                    .build(), null);
            LOG.info("primed GET {} before the snapshot: {}", route.get(), refused.getStatusCode());
        } catch (RuntimeException e) {
            LOG.warn("priming the HTTP path failed ({}); the first request will warm it instead",
                    e.getClass().getSimpleName());
        }
    }

    /** Runs the handler on a context the caller built, as tests do. */
    protected HttpApiHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return Initialization.contextBuilder().properties(IN_LAMBDA);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent input, Context context) {
        return InvocationLogContext.around(context == null ? null : context.getAwsRequestId(),
                () -> super.handleRequest(input, context));
    }
}
