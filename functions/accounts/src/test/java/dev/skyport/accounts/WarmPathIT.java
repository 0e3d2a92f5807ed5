package dev.skyport.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.testing.People;
import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.LocalSnsServer;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A warm Lambda must not grow with every call. Micronaut's AWS function support (4.11.0) registers each
 * invocation's Lambda {@code Context} and logger as new singletons, so the context kept growing and slowing: the
 * platform's handler replaces that (the counts below, never a clock).
 */
class WarmPathIT {

    private static final int CALLS = 5_000;

    private static Map<String, Object> properties(LocalSesServer ses, LocalSnsServer sns) {
        Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.put("skyport.aws.endpoints.sns", sns.endpoint().toString());
        properties.put("skyport.events.topic-arn", "arn:aws:sns:us-east-1:000000000000:platform-events");
        properties.putAll(HttpApiHandler.IN_LAMBDA);
        return properties;
    }

    @Test
    void five_thousand_calls_leave_the_number_of_beans_as_it_was() throws Exception {
        try (LocalSesServer ses = new LocalSesServer();
             LocalSnsServer sns = new LocalSnsServer();
             ApplicationContext context = ApplicationContext.builder().properties(properties(ses, sns))
                     .eagerInitSingletons(true).start();
             AccountsHandler handler = new AccountsHandler(context)) {
            Session ada = People.signedIn(context, ses, "warm@example.com", "warm");
            APIGatewayV2HTTPEvent me = LambdaEvents.read("accounts-me.json", APIGatewayV2HTTPEvent.class,
                    Map.of("ACCESS_TOKEN_FROM_LOGIN", ada.accessToken()));
            assertThat(handler.handleRequest(me, new MockLambdaContext()).getStatusCode()).isEqualTo(200);
            int definitions = context.getAllBeanDefinitions().size();
            int registrations = context.getActiveBeanRegistrations(Object.class).size();

            // Anonymous calls (401) go through the same handler path without a DynamoDB read each: fast enough for CI.
            APIGatewayV2HTTPEvent anonymous = LambdaEvents.read("accounts-me-no-token.json",
                    APIGatewayV2HTTPEvent.class, Map.of());
            for (int call = 0; call < CALLS; call++) {
                assertThat(handler.handleRequest(anonymous, new MockLambdaContext()).getStatusCode()).isEqualTo(401);
            }
            assertThat(handler.handleRequest(me, new MockLambdaContext()).getStatusCode()).isEqualTo(200);

            assertThat(context.getAllBeanDefinitions()).as("bean definitions after %d calls", CALLS)
                    .hasSize(definitions);
            assertThat(context.getActiveBeanRegistrations(Object.class)).as("singletons after %d calls", CALLS)
                    .hasSize(registrations);
        }
    }
}
