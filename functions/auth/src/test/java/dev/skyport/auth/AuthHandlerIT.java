package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.LocalSqsServer;
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
 * The Lambda handler class invoked with the API Gateway v2 sample events of {@code events/}, so the samples that
 * {@code sam local invoke} uses stay valid.
 *
 * <p>A body of the wrong JSON type ({@code auth-signup-wrong-type.json}) is sent to the shaded jar instead
 * ({@link ShadedJarSmokeIT}): in this JVM Netty's server is on the test classpath, and its argument binder, which
 * Micronaut makes primary, binds a Lambda request's body by converting the proxy's parsed JSON, leniently. The
 * deployed jar has no Netty (LambdaJarsIT) and binds bodies with the proxy's servlet binder, through the strict
 * reader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthHandlerIT {

    private static final ObjectMapper JSON = LambdaEvents.JSON;

    private final LocalSqsServer mailQueue = new LocalSqsServer();
    private final LocalSesServer ses = new LocalSesServer().sentThrough(mailQueue);
    private AuthHandler handler;
    private dev.skyport.testing.MutableClock clock;

    @BeforeAll
    void start() {
        TableNames tables = DynamoDbLocalFixture.freshTables();
        Map<String, Object> properties = new HashMap<>(DynamoDbLocalFixture.properties(tables));
        properties.put("skyport.aws.endpoints.ses", ses.endpoint().toString());
        properties.put("skyport.mail.sender", "noreply@skyport.test");
        properties.putAll(dev.skyport.testing.SkyportTestProperties.tokenKeys());
        properties.put("skyport.admin-emails", "boss@example.com");
        properties.putAll(mailQueue.properties());
        properties.putAll(HttpApiHandler.IN_LAMBDA);
        ApplicationContext context = ApplicationContext.builder().properties(properties).eagerInitSingletons(true)
                .start();
        handler = new AuthHandler(context);
        clock = context.getBean(dev.skyport.testing.MutableClock.class);
        MailWorkHandler consumer = new MailWorkHandler(context);
        mailQueue.deliverTo(event -> consumer.handleRequest(event, null));
    }

    @AfterAll
    void stop() throws Exception {
        handler.close();
        ses.close();
        mailQueue.close();
    }

    @Test
    void the_sample_events_walk_through_signup_verification_login_refresh_and_logout() throws Exception {
        assertThat(invoke("auth-signup.json", Map.of()).getStatusCode()).isEqualTo(202);
        assertThat(invoke("auth-verify-resend.json", Map.of()).getStatusCode()).isEqualTo(202);
        String token = ses.latestVerificationToken("ada@example.com").orElseThrow();

        APIGatewayV2HTTPResponse page = invoke("auth-verify-link.json", Map.of("TOKEN_FROM_THE_EMAIL", token));
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getBody()).contains("<form method=\"post\" action=\"/auth/verify\">");
        APIGatewayV2HTTPResponse button = invoke("auth-verify-page-button.json",
                Map.of("TOKEN_FROM_THE_EMAIL", token));
        assertThat(button.getStatusCode()).isEqualTo(200);
        assertThat(button.getBody()).contains("E-mail verified");
        assertProblem(invoke("auth-verify.json", Map.of("TOKEN_FROM_THE_EMAIL", token)), 400,
                "invalid-verification-token");

        APIGatewayV2HTTPResponse login = invoke("auth-login.json", Map.of());
        assertThat(login.getStatusCode()).isEqualTo(200);
        assertThat(String.join("\n", cookies(login))).contains("skyport_access=").contains("skyport_refresh=");
        JsonNode session = JSON.readTree(login.getBody());
        String access = session.path("access_token").asText();
        String refresh = session.path("refresh_token").asText();

        APIGatewayV2HTTPResponse caller = invoke("auth-session.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", access));
        assertThat(caller.getStatusCode()).isEqualTo(200);
        assertThat(JSON.readTree(caller.getBody()).path("username").asText()).isEqualTo("ada");
        assertThat(invoke("auth-ws-ticket.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", access)).getStatusCode())
                .isEqualTo(201);

        APIGatewayV2HTTPResponse refreshed = invoke("auth-refresh.json", Map.of("REFRESH_TOKEN_FROM_LOGIN", refresh));
        assertThat(refreshed.getStatusCode()).isEqualTo(200);
        String next = JSON.readTree(refreshed.getBody()).path("refresh_token").asText();
        assertThat(invoke("auth-logout.json", Map.of("REFRESH_TOKEN_FROM_LOGIN", next)).getStatusCode())
                .isEqualTo(204);
        assertProblem(invoke("auth-refresh.json", Map.of("REFRESH_TOKEN_FROM_LOGIN", next)), 401,
                "invalid-refresh-token");
    }

    @Test
    void the_sample_events_walk_through_a_password_reset() throws Exception {
        // Someone other than the walk-through's ada, so that the two tests do not meet.
        Map<String, String> lin = Map.of("ada@example.com", "lin@example.com", "\\\"ada\\\"", "\\\"lin\\\"");
        assertThat(invoke("auth-signup.json", lin).getStatusCode()).isEqualTo(202);
        String verification = ses.latestVerificationToken("lin@example.com").orElseThrow();
        assertThat(invoke("auth-verify.json", Map.of("TOKEN_FROM_THE_EMAIL", verification)).getStatusCode())
                .isEqualTo(200);

        assertThat(invoke("auth-password-forgot.json", lin).getStatusCode()).isEqualTo(202);
        String token = ses.latestResetToken("lin@example.com").orElseThrow();
        APIGatewayV2HTTPResponse page = invoke("auth-password-reset-link.json",
                Map.of("TOKEN_FROM_THE_RESET_EMAIL", token));
        assertThat(page.getBody()).contains("action=\"/auth/password/reset\"");
        APIGatewayV2HTTPResponse form = invoke("auth-password-reset-page-form.json",
                Map.of("TOKEN_FROM_THE_RESET_EMAIL", token));
        assertThat(form.getStatusCode()).as(form.getBody()).isEqualTo(200);
        assertThat(form.getBody()).contains("Password changed");

        assertThat(invoke("auth-password-forgot.json", lin).getStatusCode()).isEqualTo(202);
        String second = ses.latestResetToken("lin@example.com").orElseThrow();
        assertThat(second).isNotEqualTo(token);
        assertThat(invoke("auth-password-reset.json", Map.of("TOKEN_FROM_THE_RESET_EMAIL", second))
                .getStatusCode()).isEqualTo(204);
        assertProblem(invoke("auth-password-reset.json", Map.of("TOKEN_FROM_THE_RESET_EMAIL", second)), 400,
                "invalid-reset-token");
    }

    @Test
    void the_failure_samples_answer_with_problems() throws Exception {
        assertProblem(invoke("auth-signup-invalid.json", Map.of()), 400, "invalid-email");
        assertProblem(invoke("auth-signup-malformed-json.json", Map.of()), 400, "malformed-request");
        assertProblem(invoke("auth-login-wrong-password.json", Map.of()), 401, "invalid-credentials");
        assertProblem(invoke("auth-session-no-token.json", Map.of()), 401, "unauthenticated");
        APIGatewayV2HTTPResponse google = invoke("auth-google.json", Map.of());
        assertProblem(google, 501, "google-sign-in-not-enabled");
        assertThat(google.getBody()).as("no setting's name: it is no business of the caller's")
                .doesNotContain("skyport.google").doesNotContain("client-id").doesNotContain("client_id");
    }

    /** In Lambda as on a server: an expired token of ours says so; an expired one signed by another key does not. */
    @Test
    void an_expired_access_token_is_told_to_refresh_and_a_forged_one_is_not() throws Exception {
        java.time.Instant longAgo = java.time.Instant.now().minus(java.time.Duration.ofMinutes(20));
        String expired = dev.skyport.testing.TestAccessTokens.sessionless("user-1", "ada", longAgo,
                java.time.Duration.ofMinutes(15));
        APIGatewayV2HTTPResponse told = invoke("auth-session.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", expired));
        assertProblem(told, 401, "token-expired");
        assertThat(JSON.readTree(told.getBody()).path("detail").asText()).contains("POST /auth/refresh");

        com.nimbusds.jose.jwk.ECKey stranger = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_256).generate();
        com.nimbusds.jwt.SignedJWT forged = com.nimbusds.jwt.SignedJWT.parse(expired);
        com.nimbusds.jwt.SignedJWT resigned = new com.nimbusds.jwt.SignedJWT(forged.getHeader(),
                forged.getJWTClaimsSet());
        resigned.sign(new com.nimbusds.jose.crypto.ECDSASigner(stranger));
        APIGatewayV2HTTPResponse refused = invoke("auth-session.json", Map.of("ACCESS_TOKEN_FROM_LOGIN",
                resigned.serialize()));
        assertProblem(refused, 401, "unauthenticated");
        assertThat(JSON.readTree(refused.getBody()).path("detail").asText()).doesNotContain("expired");
    }

    /** The sign-in page's question, anonymous, answered by the function as deployed: Google is off here. */
    @Test
    void the_sign_in_methods_sample_answers_without_a_token() throws Exception {
        APIGatewayV2HTTPResponse methods = invoke("auth-sign-in-methods.json", Map.of());
        assertThat(methods.getStatusCode()).as(methods.getBody()).isEqualTo(200);
        assertThat(methods.getBody()).contains("\"password\":true").doesNotContain("client_id");
    }

    /** Two-factor sign-in through the samples, the codes made by otplib from the URI the enrolment sample answers. */
    @Test
    void the_sample_events_walk_through_two_factor_sign_in() throws Exception {
        String mo = signedInWithSamples("mo@example.com", "mo-mfa");
        APIGatewayV2HTTPResponse enrol = invoke("auth-mfa-enrol.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", mo));
        assertThat(enrol.getStatusCode()).as(enrol.getBody()).isEqualTo(201);
        dev.skyport.testing.Authenticator app = new dev.skyport.testing.Authenticator(new dev.skyport.testing
                .NodeTools(java.nio.file.Path.of("src/test/node"), java.nio.file.Path.of("target/totp-checks")),
                JSON.readTree(enrol.getBody()).path("otpauth_uri").asText());
        APIGatewayV2HTTPResponse confirmed = invoke("auth-mfa-confirm.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", mo,
                "CODE_FROM_THE_APP", app.code(clock.instant())));
        assertThat(confirmed.getStatusCode()).as(confirmed.getBody()).isEqualTo(200);
        JsonNode enabled = JSON.readTree(confirmed.getBody());
        String token = enabled.path("session").path("access_token").asText();
        String recovery = enabled.path("recovery_codes").get(0).asText();

        Map<String, String> moLogin = Map.of("ada@example.com", "mo@example.com");
        APIGatewayV2HTTPResponse first = invoke("auth-login.json", moLogin);
        assertThat(cookies(first)).isEmpty();
        String challenge = JSON.readTree(first.getBody()).path("challenge").asText();
        clock.advance(java.time.Duration.ofSeconds(30));
        APIGatewayV2HTTPResponse second = invoke("auth-login-mfa.json", Map.of("CHALLENGE_FROM_LOGIN", challenge,
                "CODE_FROM_THE_APP", app.code(clock.instant())));
        assertThat(second.getStatusCode()).as(second.getBody()).isEqualTo(200);
        assertThat(String.join("\n", cookies(second))).contains("skyport_access=");
        String again = JSON.readTree(invoke("auth-login.json", moLogin).getBody()).path("challenge").asText();
        assertThat(invoke("auth-login-mfa-recovery-code.json", Map.of("CHALLENGE_FROM_LOGIN", again,
                "RECOVERY_CODE", recovery)).getStatusCode()).isEqualTo(200);

        clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(invoke("auth-mfa-step-up.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", token, "CODE_FROM_THE_APP",
                app.code(clock.instant()))).getStatusCode()).isEqualTo(200);
        clock.advance(java.time.Duration.ofSeconds(30));
        APIGatewayV2HTTPResponse codes = invoke("auth-mfa-recovery-codes.json", Map.of("ACCESS_TOKEN_FROM_LOGIN",
                token, "CODE_FROM_THE_APP", app.code(clock.instant())));
        assertThat(codes.getStatusCode()).as(codes.getBody()).isEqualTo(200);
        clock.advance(java.time.Duration.ofSeconds(30));
        APIGatewayV2HTTPResponse off = invoke("auth-mfa-disable.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", token,
                "CODE_FROM_THE_APP", app.code(clock.instant())));
        assertThat(off.getStatusCode()).as(off.getBody()).isEqualTo(200);

        String admin = signedInWithSamples("boss@example.com", "boss");
        String id = JSON.readTree(invoke("auth-session.json", Map.of("ACCESS_TOKEN_FROM_LOGIN", token)).getBody())
                .path("id").asText();
        assertProblem(invoke("admin-users-mfa-reset.json", Map.of("ADMIN_ACCESS_TOKEN", admin, "USER_ID", id)),
                409, "mfa-not-on");
    }

    /** Signs up, verifies and logs in with the samples, as someone else than ada; the access token. */
    private String signedInWithSamples(String email, String username) throws Exception {
        Map<String, String> who = Map.of("ada@example.com", email, "\\\"ada\\\"", "\\\"" + username + "\\\"");
        assertThat(invoke("auth-signup.json", who).getStatusCode()).isEqualTo(202);
        String verification = ses.latestVerificationToken(email).orElseThrow();
        assertThat(invoke("auth-verify.json", Map.of("TOKEN_FROM_THE_EMAIL", verification)).getStatusCode())
                .isEqualTo(200);
        APIGatewayV2HTTPResponse login = invoke("auth-login.json", Map.of("ada@example.com", email));
        assertThat(login.getStatusCode()).as(login.getBody()).isEqualTo(200);
        return JSON.readTree(login.getBody()).path("access_token").asText();
    }

    @Test
    void an_oversized_body_is_refused_with_413_in_lambda_too() throws Exception {
        APIGatewayV2HTTPEvent event = event("auth-signup.json", Map.of());
        event.setBody("{\"email\":\"" + "x".repeat(70 * 1024) + "\"}");
        assertProblem(handler.handleRequest(event, new MockLambdaContext()), 413, "payload-too-large");
    }

    private APIGatewayV2HTTPResponse invoke(String sample, Map<String, String> replacements) throws IOException {
        return handler.handleRequest(event(sample, replacements), new MockLambdaContext());
    }

    private static APIGatewayV2HTTPEvent event(String sample, Map<String, String> replacements) {
        return LambdaEvents.read(sample, APIGatewayV2HTTPEvent.class, replacements);
    }

    private static java.util.List<String> cookies(APIGatewayV2HTTPResponse response) {
        java.util.List<String> all = new java.util.ArrayList<>();
        if (response.getCookies() != null) {
            all.addAll(response.getCookies());
        }
        if (response.getMultiValueHeaders() != null && response.getMultiValueHeaders().get("Set-Cookie") != null) {
            all.addAll(response.getMultiValueHeaders().get("Set-Cookie"));
        }
        return all;
    }

    private static void assertProblem(APIGatewayV2HTTPResponse response, int status, String slug) throws IOException {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        String contentType = response.getHeaders() != null && response.getHeaders().containsKey("Content-Type")
                ? response.getHeaders().get("Content-Type")
                : response.getMultiValueHeaders().get("Content-Type").get(0);
        assertThat(contentType).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.getBody()).path("type").asText())
                .isEqualTo("https://skyport.dev/problems/" + slug);
    }
}
