package dev.skyport.accounts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.testing.People;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.testing.BareGetItemProbe;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.LocalSnsServer;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The warm path, measured in one JVM (run with {@code -Pbench}; figures printed, never asserted): {@code GET /me}
 * through the accounts Lambda handler against a bare handler doing the same read (one GetItem of the user on
 * DynamoDB Local), call for call, alternating. Prints p50 and p99 of calls 1-1,000 and 9,001-10,000 for both, and
 * the context's bean definitions before and after: a warm function must neither slow down nor grow.
 */
public final class WarmPathBench {

    static final int CALLS = 10_000;
    static final int WINDOW = 1_000;
    static final int WARM_UP = 500;

    private WarmPathBench() {
    }

    public static void main(String[] args) throws Exception {
        try (LocalSesServer ses = new LocalSesServer();
             LocalSnsServer sns = new LocalSnsServer()) {
            Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
            properties.put("skyport.aws.endpoints.sns", sns.endpoint().toString());
            properties.put("skyport.events.topic-arn", "arn:aws:sns:us-east-1:000000000000:platform-events");
            properties.putAll(HttpApiHandler.IN_LAMBDA);
            ApplicationContext context = ApplicationContext.builder().properties(properties)
                    .eagerInitSingletons(true).start();
            AccountsHandler real = new AccountsHandler(context);
            Session ada = People.signedIn(context, ses, "warm-bench@example.com", "warm-bench");
            APIGatewayV2HTTPEvent me = LambdaEvents.read("accounts-me.json", APIGatewayV2HTTPEvent.class,
                    Map.of("ACCESS_TOKEN_FROM_LOGIN", ada.accessToken()));
            BareGetItemProbe bare = new BareGetItemProbe(DynamoDbLocalFixture.endpoint(),
                    context.getBean(TableNames.class).users(), UrlConnectionHttpClient.create());
            Map<String, String> user = Map.of("user", ada.user().id().value());

            for (int call = 0; call < WARM_UP; call++) {
                real.handleRequest(me, new MockLambdaContext());
                bare.handleRequest(user, null);
            }
            int definitionsBefore = context.getAllBeanDefinitions().size();
            long[] realMicros = new long[CALLS];
            long[] bareMicros = new long[CALLS];
            for (int call = 0; call < CALLS; call++) {
                long start = System.nanoTime();
                if (real.handleRequest(me, new MockLambdaContext()).getStatusCode() != 200) {
                    throw new IllegalStateException("GET /me failed");
                }
                long between = System.nanoTime();
                if (!"200".equals(bare.handleRequest(user, null))) {
                    throw new IllegalStateException("the bare GetItem found no user");
                }
                realMicros[call] = (between - start) / 1_000;
                bareMicros[call] = (System.nanoTime() - between) / 1_000;
            }
            int definitionsAfter = context.getAllBeanDefinitions().size();
            System.out.printf("%nwarm GET /me (accounts handler) against a bare GetItem, alternating, one JVM, JDK %s,"
                    + " %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            for (int from : new int[] {0, CALLS - WINDOW}) {
                double realP50 = percentile(realMicros, from, 50);
                double bareP50 = percentile(bareMicros, from, 50);
                System.out.printf("calls %5d-%5d: real p50 %.2f ms p99 %.2f ms | bare p50 %.2f ms p99 %.2f ms |"
                                + " p50 ratio %.1fx%n", from + 1, from + WINDOW, realP50, percentile(realMicros, from, 99),
                        bareP50, percentile(bareMicros, from, 99), realP50 / bareP50);
            }
            System.out.printf("bean definitions: %d before, %d after %d calls%n", definitionsBefore,
                    definitionsAfter, CALLS);
            real.close();
        }
        System.exit(0);
    }

    private static double percentile(long[] micros, int from, int percent) {
        long[] window = Arrays.copyOfRange(micros, from, from + WINDOW);
        Arrays.sort(window);
        return window[Math.min(WINDOW - 1, WINDOW * percent / 100)] / 1000.0;
    }
}
