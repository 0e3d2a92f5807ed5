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
        Session boss = admin();
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

    /**
     * The e-mail preference samples (issue 28): every kind is on for a new account, a PUT turns one off and answers
     * the whole choice, and an unknown kind is a 400 naming it that changes nothing.
     */
    @Test
    void the_email_preference_samples_read_change_and_refuse_an_unknown_kind() throws Exception {
        Session edsger = People.signedIn(context, ses, "edsger@example.com", "edsger");
        Map<String, String> token = Map.of("ACCESS_TOKEN_FROM_LOGIN", edsger.accessToken());

        APIGatewayV2HTTPResponse first = invoke("accounts-email-preferences.json", token);
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(first.getBody()).path("kinds").properties()).extracting(Map.Entry::getKey)
                .containsExactly("cluster.run-failed", "cluster.expiring", "cloud-account.verification-failed",
                        "account.security", "channel.disabled");
        assertThat(JSON.readTree(first.getBody()).path("kinds").properties())
                .allSatisfy(kind -> assertThat(kind.getValue().asBoolean()).as(kind.getKey()).isTrue());

        APIGatewayV2HTTPResponse changed = invoke("accounts-email-preferences-change.json", token);
        assertThat(changed.getStatusCode()).as(changed.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(changed.getBody()).at("/kinds/cluster.expiring").asBoolean()).isFalse();
        assertThat(JSON.readTree(changed.getBody()).at("/kinds/account.security").asBoolean()).isTrue();

        APIGatewayV2HTTPResponse refused = invoke("accounts-email-preferences-invalid.json", token);
        assertProblem(refused, 400, "invalid-email-preferences");
        assertThat(refused.getBody()).contains("kinds.cluster.nope");
        APIGatewayV2HTTPResponse after = invoke("accounts-email-preferences.json", token);
        assertThat(JSON.readTree(after.getBody()).at("/kinds/cluster.expiring").asBoolean())
                .as("the refused PUT changed nothing").isFalse();
        assertThat(JSON.readTree(after.getBody()).at("/kinds/cluster.run-failed").asBoolean()).isTrue();
    }

    /**
     * The audit samples through the Lambda handler: a write is recorded with API Gateway's request id and source
     * address (not the request URI's host), the person lists and exports their own entries, an administrator
     * everyone's, and a person is refused the administrator's list and a cursor the API did not make.
     */
    @Test
    void the_audit_samples_list_and_export_entries_recorded_with_api_gateway_s_request_id_and_address()
            throws Exception {
        Session grace = People.signedIn(context, ses, "grace@example.com", "grace");
        Session boss = admin();
        APIGatewayV2HTTPResponse renamed = invoke("accounts-change-username.json",
                Map.of("ACCESS_TOKEN_FROM_LOGIN", grace.accessToken(), "ada-lovelace", "grace-hopper"));
        assertThat(renamed.getStatusCode()).as(renamed.getBody()).isEqualTo(200);
        String access = JSON.readTree(renamed.getBody()).path("access_token").asText();

        APIGatewayV2HTTPResponse listed = invoke("audit-list.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", access));
        assertThat(listed.getStatusCode()).as(listed.getBody()).isEqualTo(200);
        var entry = JSON.readTree(listed.getBody()).path("entries").get(0);
        assertThat(entry.path("action").asText()).isEqualTo("changeUsername");
        assertThat(entry.path("resource").asText()).isEqualTo("/me/username");
        assertThat(entry.path("owner").asText()).isEqualTo(grace.user().id().value());
        assertThat(entry.path("request_id").asText()).isEqualTo("d1af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(entry.path("client_address").asText()).isEqualTo("203.0.113.10");
        assertThat(entry.path("user_agent").asText()).isEqualTo("curl/8.5.0");

        APIGatewayV2HTTPResponse csv = invoke("audit-export-csv.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", access));
        assertThat(csv.getStatusCode()).as(csv.getBody()).isEqualTo(200);
        assertThat(csv.getHeaders().get("Content-Type")).startsWith("text/csv");
        assertThat(csv.getBody()).startsWith("id,at,owner,actor_kind").contains(",changeUsername,/me/username,");

        assertProblem(invoke("admin-audit-list.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", access)), 403, "forbidden");
        APIGatewayV2HTTPResponse everyone = invoke("admin-audit-list.json",
                Map.of("ACCESS_TOKEN_FROM_LOGIN", boss.accessToken()));
        assertThat(everyone.getStatusCode()).as(everyone.getBody()).isEqualTo(200);
        assertThat(everyone.getBody()).contains(grace.user().id().value());
        assertProblem(invoke("audit-list-invalid-cursor.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", access)), 400,
                "invalid-cursor");
    }

    /**
     * The personal access token samples through the Lambda handler (issue 29): made with a session, listed without
     * its text, used as Bearer on a read (the lookup on the invocation's thread), refused on its own management
     * (session only) and after its revocation.
     */
    @Test
    void the_token_samples_make_list_use_and_revoke_a_personal_access_token() throws Exception {
        Session linus = People.signedIn(context, ses, "linus@example.com", "linus");
        Map<String, String> session = Map.of("ACCESS_TOKEN_FROM_LOGIN", linus.accessToken());
        APIGatewayV2HTTPResponse created = invoke("accounts-tokens-create.json", session);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        var body = JSON.readTree(created.getBody());
        String token = body.path("token").asText();
        String id = body.path("id").asText();
        assertThat(token).matches("skp_[0-9A-Za-z]{36}");
        assertThat(body.path("scopes").toString()).isEqualTo("[\"clusters:write\",\"read\"]");

        APIGatewayV2HTTPResponse me = invoke("accounts-me-personal-token.json", Map.of("PERSONAL_ACCESS_TOKEN", token));
        assertThat(me.getStatusCode()).as(me.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(me.getBody()).path("username").asText()).isEqualTo("linus");

        APIGatewayV2HTTPResponse listed = invoke("accounts-tokens-list.json", session);
        assertThat(listed.getStatusCode()).as(listed.getBody()).isEqualTo(200);
        var entry = JSON.readTree(listed.getBody()).path("tokens").get(0);
        assertThat(entry.path("id").asText()).isEqualTo(id);
        assertThat(entry.path("name").asText()).isEqualTo("ci deploys");
        assertThat(entry.path("last_used_from").asText()).as("API Gateway's source address").isEqualTo("203.0.113.10");
        assertThat(listed.getBody()).doesNotContain(token);

        assertProblem(invoke("accounts-tokens-list.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", token)), 403,
                "session-required");
        assertThat(invoke("accounts-tokens-revoke.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", linus.accessToken(),
                "TOKEN_ID", id)).getStatusCode()).isEqualTo(204);
        assertProblem(invoke("accounts-me-personal-token.json", Map.of("PERSONAL_ACCESS_TOKEN", token)), 401,
                "token-refused");
        assertProblem(invoke("accounts-tokens-revoke.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", linus.accessToken(),
                "TOKEN_ID", id)), 404, "not-found");
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


    private Session admin;

    /** The administrator, signed up once for the class's tables. */
    private synchronized Session admin() {
        if (admin == null) {
            admin = People.signedIn(context, ses, SkyportTestProperties.ADMIN_EMAIL, "the-boss");
        }
        return admin;
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
