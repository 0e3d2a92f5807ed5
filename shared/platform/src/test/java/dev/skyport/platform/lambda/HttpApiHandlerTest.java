package dev.skyport.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.scheduling.executor.ThreadSelection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class HttpApiHandlerTest {

    private static final Map<String, Object> REGION = Map.of("skyport.aws.region", "eu-west-1");

    /** Any function's handler: what is checked is the context its no-argument constructor would start. */
    private static final class AnyFunction extends HttpApiHandler {
        AnyFunction(ApplicationContext context) {
            super(context);
        }
    }

    @Test
    void the_lambda_runtime_gets_a_context_that_runs_routes_on_the_invocation_thread_and_builds_clients_when_needed() {
        try (ApplicationContext existing = ApplicationContext.builder().properties(REGION).start()) {
            try (ApplicationContext context = new AnyFunction(existing).newApplicationContextBuilder()
                    .properties(REGION).start()) {
                assertThat(context.getEnvironment().getActiveNames()).contains("function", "lambda");
                assertThat(context.getBean(HttpServerConfiguration.class).getThreadSelection())
                        .isEqualTo(ThreadSelection.MANUAL);
                // No AWS_LAMBDA_INITIALIZATION_TYPE here: an on-demand init, which builds no client up front.
                assertThat(context.getActiveBeanRegistrations(DynamoDbClient.class)).isEmpty();
            }
        }
    }
}
