package dev.skyport.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.Sessions;
import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.identity.testing.People;
import dev.skyport.testing.LocalSnsServer;
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

/** The accounts Lambda handler invoked with the API Gateway v2 samples of {@code events/}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsHandlerIT {

    private static final ObjectMapper JSON = LambdaEvents.JSON;

    private final LocalSesServer ses = new LocalSesServer();
    private final LocalSnsServer sns = new LocalSnsServer();
    private ApplicationContext context;
    private AccountsHandler handler;

    @BeforeAll
    void start() {
        Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.put("skyport.aws.endpoints.sns", sns.endpoint().toString());
        properties.put("skyport.events.topic-arn", "arn:aws:sns:us-east-1:000000000000:platform-events");
        properties.putAll(HttpApiHandler.IN_LAMBDA);
        context = ApplicationContext.builder().properties(properties).eagerInitSingletons(true).start();
        handler = new AccountsHandler(context);
    }

    @AfterAll
    void stop() throws Exception {
        handler.close();
        ses.close();
        sns.close();
    }

    @Test
    void the_sample_events_walk_through_profile_rename_password_admin_and_deletion() throws Exception {
        Session ada = People.signedIn(context, ses, "ada@example.com", "ada");
        Session boss = People.signedIn(context, ses, SkyportTestProperties.ADMIN_EMAIL, "the-boss");
        Session taken = People.signedIn(context, ses, "taken@example.com", "taken-one");

        APIGatewayV2HTTPResponse me = invoke("accounts-me.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", ada.accessToken()));
        assertThat(me.getStatusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.getBody()).path("username").asText()).isEqualTo("ada");

        APIGatewayV2HTTPResponse renamed = invoke("accounts-change-username.json",
                Map.of("ACCESS_TOKEN_FROM_LOGIN", ada.accessToken()));
        assertThat(renamed.getStatusCode()).isEqualTo(200);
        assertThat(JSON.readTree(renamed.getBody()).path("user").path("username").asText()).isEqualTo("ada-lovelace");
        assertProblem(invoke("accounts-change-username-taken.json", Map.of("ACCESS_TOKEN_FROM_LOGIN",
                ada.accessToken(), "TAKEN_USERNAME", "taken-one")), 409, "username-taken");

        APIGatewayV2HTTPResponse changed = invoke("accounts-change-password.json",
                Map.of("ACCESS_TOKEN_FROM_LOGIN", ada.accessToken()));
        assertThat(changed.getStatusCode()).as(changed.getBody()).isEqualTo(200);
        String adaAccess = JSON.readTree(changed.getBody()).path("access_token").asText();

        assertThat(invoke("admin-users-list.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", boss.accessToken()))
                .getStatusCode()).isEqualTo(200);
        assertProblem(invoke("admin-users-list.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", adaAccess)), 403,
                "forbidden");
        APIGatewayV2HTTPResponse promoted = invoke("admin-users-roles.json", Map.of("ACCESS_TOKEN_FROM_LOGIN",
                boss.accessToken(), "USER_ID", ada.user().id().value()));
        assertThat(promoted.getStatusCode()).as(promoted.getBody()).isEqualTo(200);

        assertThat(invoke("accounts-delete.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", adaAccess)).getStatusCode())
                .isEqualTo(204);
        assertThat(sns.published()).anySatisfy(p -> assertThat(p.get("Message")).contains("user.deleted"));

        // Signed out, the session's access token may no longer write (the session check, on the invocation's thread).
        context.getBean(Sessions.class).end(taken.refreshToken());
        assertProblem(invoke("accounts-delete.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", taken.accessToken())),
                401, "session-revoked");
    }

    @Test
    void the_scheduled_sample_runs_the_pending_event_relay() {
        ScheduledEvent tick = LambdaEvents.read("scheduled-pending-events.json", ScheduledEvent.class, Map.of());
        assertThat(tick.getSource()).isEqualTo("aws.events");
        assertThat(new PendingEventsHandler(context).handleRequest(tick, new MockLambdaContext())).isNotNegative();
    }

    @Test
    void the_failure_sample_answers_with_a_problem() throws Exception {
        assertProblem(invoke("accounts-me-no-token.json", Map.of()), 401, "unauthenticated");
    }


    private APIGatewayV2HTTPResponse invoke(String sample, Map<String, String> replacements) throws IOException {
        return handler.handleRequest(LambdaEvents.read(sample, APIGatewayV2HTTPEvent.class, replacements),
                new MockLambdaContext());
    }

    private static void assertProblem(APIGatewayV2HTTPResponse response, int status, String slug) throws IOException {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(JSON.readTree(response.getBody()).path("type").asText())
                .isEqualTo("https://skyport.dev/problems/" + slug);
    }
}
