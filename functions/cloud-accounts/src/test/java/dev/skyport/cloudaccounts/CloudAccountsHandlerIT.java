package dev.skyport.cloudaccounts;

import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.simulated.LocalAwsServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.identity.application.Session;
import dev.skyport.testing.LocalSecretsManagerServer;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.identity.testing.People;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cloud-accounts Lambda handlers invoked with the samples of {@code events/}: the HTTP routes (API Gateway
 * v2) and the user.deleted subscription (SNS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudAccountsHandlerIT {

    private static final ObjectMapper JSON = LambdaEvents.JSON;
    private static final int PER_ADDRESS = 3;
    /** The requestContext.http.sourceIp of the samples, and the X-Forwarded-For of the refused one. */
    private static final String SOURCE_IP = "203.0.113.10";
    /** The guesser's own source address, so that the walk-through's address stays unlimited. */
    private static final String GUESSER_IP = "203.0.113.66";
    private static final String FORWARDED_FOR = "198.51.100.99";

    private final LocalSesServer ses = new LocalSesServer();
    private final LocalSecretsManagerServer secretsManager = new LocalSecretsManagerServer();
    private final LocalAwsServer aws = new LocalAwsServer();
    private ApplicationContext context;
    private CloudAccountsHandler http;
    private UserDeletedHandler userDeleted;

    @BeforeAll
    void start() {
        Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.put("skyport.aws.endpoints.secretsmanager", secretsManager.endpoint().toString());
        properties.put("skyport.aws.endpoints.sts", aws.endpoint().toString());
        properties.put("skyport.aws.endpoints.s3", aws.endpoint().toString());
        properties.put("skyport.cloud-accounts.failed-verifications-per-user", "100");
        properties.put("skyport.cloud-accounts.failed-verifications-per-address", Integer.toString(PER_ADDRESS));
        properties.putAll(HttpApiHandler.IN_LAMBDA);
        context = ApplicationContext.builder().properties(properties).eagerInitSingletons(true).start();
        http = new CloudAccountsHandler(context);
        userDeleted = new UserDeletedHandler(context);
    }

    @AfterAll
    void stop() throws Exception {
        http.close();
        ses.close();
        secretsManager.close();
        aws.close();
    }

    @Test
    void the_samples_walk_through_connecting_using_and_removing_an_account_and_user_deleted_cleans_up()
            throws Exception {
        Session session = People.signedIn(context, ses, "cloud@example.com", "cloud-user");
        Map<String, String> token = Map.of("ACCESS_TOKEN_FROM_LOGIN", session.accessToken());

        APIGatewayV2HTTPResponse created = invoke("cloud-accounts-connect-aws.json", token);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        String id = JSON.readTree(created.getBody()).path("id").asText();
        Map<String, String> withId = Map.of("ACCESS_TOKEN_FROM_LOGIN", session.accessToken(), "CLOUD_ACCOUNT_ID", id);

        assertThat(JSON.readTree(invoke("cloud-accounts-list.json", token).getBody()).path("accounts")).hasSize(1);
        assertThat(invoke("cloud-accounts-get.json", withId).getStatusCode()).isEqualTo(200);
        assertThat(invoke("cloud-accounts-verify.json", withId).getStatusCode()).isEqualTo(200);
        assertThat(invoke("cloud-accounts-rotate.json", withId).getStatusCode()).isEqualTo(200);
        assertThat(invoke("cloud-accounts-buckets.json", withId).getBody()).contains("tf-state-prod");
        assertThat(invoke("cloud-accounts-external-id.json", token).getBody()).contains("skyport-");
        APIGatewayV2HTTPResponse invalid = invoke("cloud-accounts-connect-invalid.json", token);
        assertThat(invalid.getStatusCode()).isEqualTo(400);
        assertThat(invalid.getBody()).contains("invalid-environment");
        assertThat(invoke("cloud-accounts-delete.json", withId).getStatusCode()).isEqualTo(204);

        assertThat(invoke("cloud-accounts-connect-aws.json", token).getStatusCode()).isEqualTo(201);
        SNSEvent deleted = LambdaEvents.read("sns-user-deleted.json", SNSEvent.class,
                Map.of("USER_ID", session.user().id().value()));
        userDeleted.handleRequest(deleted, new MockLambdaContext());
        userDeleted.handleRequest(deleted, new MockLambdaContext()); // a redelivery changes nothing

        assertThat(JSON.readTree(invoke("cloud-accounts-list.json", token).getBody()).path("accounts")).isEmpty();
        assertThat(secretsManager.secrets().values()).filteredOn(secret -> secret.name().contains(
                session.user().id().value())).isNotEmpty().allSatisfy(secret -> assertThat(secret.deleted()).isTrue());
        assertThat(DynamoDbLocalFixture.client().scan(b -> b.tableName(context.getBean(TableNames.class)
                .cloudAccounts())).items().toString()).as("every item of the user, external id and count too")
                .doesNotContain("USER#" + session.user().id().value());
    }

    @Test
    void failed_verifications_are_counted_for_the_api_gateway_source_ip_whatever_x_forwarded_for_says()
            throws Exception {
        Session session = People.signedIn(context, ses, "lambda-guesser@example.com", "lambda-guesser");
        String token = session.accessToken();
        for (int i = 0; i < PER_ADDRESS; i++) {
            APIGatewayV2HTTPResponse refused = invoke("cloud-accounts-connect-refused.json",
                    Map.of("ACCESS_TOKEN_FROM_LOGIN", token, SOURCE_IP, GUESSER_IP,
                            FORWARDED_FOR, "198.51.100." + (10 + i)));
            assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(422);
        }
        int stsRequests = aws.requests();
        APIGatewayV2HTTPResponse limited = invoke("cloud-accounts-connect-refused.json",
                Map.of("ACCESS_TOKEN_FROM_LOGIN", token, SOURCE_IP, GUESSER_IP));
        assertThat(limited.getStatusCode()).as(limited.getBody()).isEqualTo(429);
        assertThat(limited.getBody()).contains("too-many-failed-verifications");
        assertThat(limited.getHeaders()).containsKey("Retry-After");
        assertThat(aws.requests()).isEqualTo(stsRequests);

        String counters = DynamoDbLocalFixture.client().scan(b -> b.tableName(
                context.getBean(TableNames.class).cloudAccounts())).items().toString();
        assertThat(counters).contains("ADDRESS#" + GUESSER_IP).doesNotContain("ADDRESS#198.51.100.")
                .doesNotContain("ADDRESS#localhost").doesNotContain("ADDRESS#127.0.0.1");

        APIGatewayV2HTTPResponse elsewhere = invoke("cloud-accounts-connect-refused.json",
                Map.of("ACCESS_TOKEN_FROM_LOGIN", token, SOURCE_IP, "203.0.113.77"));
        assertThat(elsewhere.getStatusCode()).as("another source address is not limited").isEqualTo(422);
    }

    private APIGatewayV2HTTPResponse invoke(String sample, Map<String, String> replacements) throws IOException {
        return http.handleRequest(LambdaEvents.read(sample, APIGatewayV2HTTPEvent.class, replacements),
                new MockLambdaContext());
    }
}
