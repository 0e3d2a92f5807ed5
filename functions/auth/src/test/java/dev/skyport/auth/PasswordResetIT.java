package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.LocalGoogleIdp;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * "Forgot password": the same answer whatever the address, a single-use link valid one hour whose page only shows a
 * form, a new password with the usual rules, every session signed out, the owner told.
 */
@MicronautTest
class PasswordResetIT extends AuthApiTestBase {

    private static final String NEW_PASSWORD = "a brand new horse battery";

    private final LocalGoogleIdp google = new LocalGoogleIdp();

    @Override
    Map<String, String> extraProperties() {
        return google.properties();
    }

    @AfterAll
    void stopGoogle() {
        google.close();
    }

    private Reply forgot(String email) {
        return post("/auth/password/forgot", json("email", email));
    }

    private Reply reset(String token, String newPassword) {
        return post("/auth/password/reset", json("token", token, "new_password", newPassword));
    }

    @Test
    void the_answer_is_the_same_for_any_address_and_only_an_account_gets_mail() {
        verifiedUserLogsIn("known@example.com", "known");
        int mailsBefore = ses.all().size();
        Reply known = forgot("known@example.com");
        Reply unknown = forgot("nobody@example.com");
        assertThat(known.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(ses.all()).hasSize(mailsBefore + 1);
        assertThat(ses.latestResetToken("known@example.com")).isPresent();
        assertThat(ses.sentTo("nobody@example.com")).isEmpty();
    }

    @Test
    void a_reset_sets_the_new_password_signs_out_every_session_and_tells_the_owner() {
        JsonNode session = verifiedUserLogsIn("forgetful@example.com", "forgetful");
        forgot("forgetful@example.com");
        String token = ses.latestResetToken("forgetful@example.com").orElseThrow();

        Reply page = get("/auth/password/reset?token=" + token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("name=\"new_password\"").contains("value=\"" + token + "\"");
        // The address holds the token: never cached, never sent on as a Referer (only the origin), never framed.
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("strict-origin");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("frame-ancestors 'none'").contains("form-action 'self'"));

        Reply done = api.postForm("/auth/password/reset", Map.of("token", token, "new_password", NEW_PASSWORD));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("Password changed");

        post("/auth/login", json("login", "forgetful", "password", PASSWORD)).isProblem(401, "invalid-credentials");
        assertThat(post("/auth/login", json("login", "forgetful", "password", NEW_PASSWORD)).status()).isEqualTo(200);
        post("/auth/refresh", json("refresh_token", session.path("refresh_token").asText()))
                .isProblem(401, "invalid-refresh-token");
        assertThat(ses.sentTo("forgetful@example.com")).anySatisfy(mail ->
                assertThat(mail.subject()).isEqualTo("Your Skyport password was changed"));
        // The page's form is the one use the link has.
        Reply again = api.postForm("/auth/password/reset", Map.of("token", token, "new_password", NEW_PASSWORD));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("unknown or was already used");
    }

    @Test
    void a_link_works_once_and_not_after_an_hour() {
        verifiedUserLogsIn("once@example.com", "once");
        forgot("once@example.com");
        String token = ses.latestResetToken("once@example.com").orElseThrow();
        assertThat(reset(token, NEW_PASSWORD).status()).isEqualTo(204);
        reset(token, NEW_PASSWORD + "!").isProblem(400, "invalid-reset-token");

        forgot("once@example.com");
        String late = ses.latestResetToken("once@example.com").orElseThrow();
        clock.advance(Duration.ofMinutes(61));
        reset(late, "yet another horse battery").isProblem(400, "reset-link-expired");
        assertThat(post("/auth/login", json("login", "once", "password", NEW_PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void a_weak_password_is_refused_without_using_the_link_up() {
        verifiedUserLogsIn("weak@example.com", "weak");
        forgot("weak@example.com");
        String token = ses.latestResetToken("weak@example.com").orElseThrow();
        reset(token, "short").isProblem(400, "invalid-password");
        reset(token, "x".repeat(129)).isProblem(400, "invalid-password");
        assertThat(post("/auth/login", json("login", "weak", "password", PASSWORD)).status()).isEqualTo(200);
        assertThat(reset(token, NEW_PASSWORD).status()).isEqualTo(204);
    }

    @Test
    void a_google_only_account_gets_its_first_password() {
        Reply google = post("/auth/google", json("id_token", this.google.idToken("g-reset", "googler@example.com")));
        String username = google.json().path("user").path("username").asText();
        forgot("googler@example.com");
        String token = ses.latestResetToken("googler@example.com").orElseThrow();
        assertThat(reset(token, NEW_PASSWORD).status()).isEqualTo(204);
        Reply login = post("/auth/login", json("login", username, "password", NEW_PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("user").path("sign_in_methods")).extracting(JsonNode::asText)
                .containsExactly("password", "google");
    }

    @Test
    void bad_input_is_a_problem_that_changes_nothing() {
        forgot("not an address").isProblem(400, "invalid-email");
        post("/auth/password/forgot", "{").isProblem(400, "malformed-request");
        reset("t".repeat(3000), NEW_PASSWORD).isProblem(400, "invalid-reset-token");
        reset(null, NEW_PASSWORD).isProblem(400, "invalid-reset-token");
        reset("made-up", null).isProblem(400, "invalid-password");
        post("/auth/password/reset", "{\"token\": {\"nested\": true}}").isProblem(400, "malformed-request");
        Reply formWithoutPassword = api.postForm("/auth/password/reset", Map.of("token", "made-up"));
        assertThat(formWithoutPassword.status()).isEqualTo(400);
        assertThat(formWithoutPassword.contentType()).startsWith("text/html");
        assertThat(formWithoutPassword.body()).contains("password is required");
        assertThat(api.postForm("/auth/password/reset", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void a_stale_session_cookie_does_not_stand_in_the_way() {
        JsonNode session = verifiedUserLogsIn("cookie@example.com", "cookie");
        post("/auth/logout", json("refresh_token", session.path("refresh_token").asText()));
        forgot("cookie@example.com");
        String token = ses.latestResetToken("cookie@example.com").orElseThrow();
        Reply done = api.postForm("/auth/password/reset", Map.of("token", token, "new_password", NEW_PASSWORD),
                "Cookie", "skyport_access=" + session.path("access_token").asText());
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        // The link's account is not necessarily the browser's: a reset (maybe a form from another site) leaves
        // the browser's cookies alone.
        assertThat(done.headers().allValues("Set-Cookie")).isEmpty();
    }
}
