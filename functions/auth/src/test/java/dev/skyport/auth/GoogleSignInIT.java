package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.LocalGoogleIdp;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Google sign-in against a locally generated key pair served as a JWKS on loopback. */
@MicronautTest
class GoogleSignInIT extends AuthApiTestBase {

    private final LocalGoogleIdp google = new LocalGoogleIdp();

    @Override
    Map<String, String> extraProperties() {
        return google.properties();
    }

    @AfterAll
    void stopGoogle() {
        google.close();
    }

    /** The sign-in page offers Google here: its client id and where to send the person, as configured. */
    @Test
    void the_sign_in_methods_name_googles_client_and_authorization_endpoint() {
        Reply methods = get("/auth/sign-in-methods");
        assertThat(methods.status()).isEqualTo(200);
        assertThat(methods.json().path("password").asBoolean()).isTrue();
        assertThat(methods.json().at("/google/client_id").asText()).isEqualTo(LocalGoogleIdp.CLIENT_ID);
        assertThat(methods.json().at("/google/authorization_url").asText())
                .isEqualTo(google.properties().get("skyport.google.authorization-url"));
    }

    /**
     * A Google account with two-factor sign-in on: Google's answer is the first step only, a challenge and no token
     * or cookie; a code of otplib (from the enrolment's URI) completes it. Turning it off takes a fresh Google ID token
     * in place of the password.
     */
    @Test
    void google_sign_in_with_two_factor_on_answers_a_challenge_that_a_code_completes() {
        String token = signIn(google.idToken("g-mfa", "gia@gmail.com")).json().path("access_token").asText();
        String[] bearer = {"Authorization", "Bearer " + token};
        Reply enrol = post("/me/mfa/totp", "{}", bearer);
        dev.skyport.testing.Authenticator app = new dev.skyport.testing.Authenticator(new dev.skyport.testing
                .NodeTools(java.nio.file.Path.of("src/test/node"), java.nio.file.Path.of("target/totp-checks")),
                enrol.json().path("otpauth_uri").asText());
        Reply confirmed = post("/me/mfa/totp/confirm", json("code", app.code(clock.instant())), bearer);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);

        Reply first = signIn(google.idToken("g-mfa", "gia@gmail.com"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("status").asText()).isEqualTo("mfa_required");
        assertThat(first.json().has("access_token")).isFalse();
        assertThat(first.headers().allValues("set-cookie")).isEmpty();
        clock.advance(java.time.Duration.ofSeconds(30));
        Reply second = post("/auth/login/mfa", json("challenge", first.json().path("challenge").asText(), "code",
                app.code(clock.instant())));
        assertThat(second.status()).as(second.body()).isEqualTo(200);

        clock.advance(java.time.Duration.ofSeconds(30));
        String[] now = {"Authorization", "Bearer " + second.json().path("access_token").asText()};
        api.delete("/me/mfa/totp", json("code", app.code(clock.instant())), now).isProblem(400,
                "google-proof-required");
        Reply off = api.delete("/me/mfa/totp", json("google_id_token", google.idToken("g-mfa", "gia@gmail.com"),
                "code", app.code(clock.instant())), now);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(signIn(google.idToken("g-mfa", "gia@gmail.com")).json().has("access_token")).isTrue();
    }

    @Test
    void a_first_google_login_creates_a_verified_account_without_password() {
        Reply reply = signIn(google.idToken("g-100", "Lin@Gmail.com"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode user = reply.json().path("user");
        assertThat(user.path("email").asText()).isEqualTo("lin@gmail.com");
        assertThat(user.path("username").asText()).startsWith("lin");
        assertThat(user.path("verified").asBoolean()).isTrue();
        assertThat(user.path("sign_in_methods")).extracting(JsonNode::asText).containsExactly("google");

        Reply again = signIn(google.idToken("g-100", "lin@gmail.com"));
        assertThat(again.json().path("user").path("id").asText()).isEqualTo(user.path("id").asText());
        post("/auth/login", json("login", "lin@gmail.com", "password", "anything at all"))
                .isProblem(401, "invalid-credentials");
    }

    @Test
    void google_login_links_to_the_account_that_holds_the_email_and_replaces_its_password() {
        JsonNode existing = verifiedUserLogsIn("ana@example.com", "ana");
        String oldRefresh = existing.path("refresh_token").asText();
        Reply reply = signIn(google.idToken("g-200", "ana@example.com"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("user").path("id").asText())
                .isEqualTo(existing.path("user").path("id").asText());
        assertThat(reply.json().path("user").path("username").asText()).isEqualTo("ana");
        assertThat(reply.json().path("user").path("sign_in_methods")).extracting(JsonNode::asText)
                .containsExactly("google");

        // Whoever set the password may not own the address any more: it goes, with every session it opened.
        post("/auth/login", json("login", "ana@example.com", "password", PASSWORD))
                .isProblem(401, "invalid-credentials");
        post("/auth/refresh", json("refresh_token", oldRefresh)).isProblem(401, "invalid-refresh-token");
        assertThat(ses.sentTo("ana@example.com")).anySatisfy(mail -> {
            assertThat(mail.subject()).isEqualTo("Google sign-in was linked to your Skyport account");
            assertThat(mail.text()).contains("password was removed");
        });
        // The Google session itself goes on, and signing in with Google again changes nothing more.
        assertThat(signIn(google.idToken("g-200", "ana@example.com")).status()).isEqualTo(200);
        assertThat(ses.sentTo("ana@example.com")).filteredOn(mail -> mail.subject().startsWith("Google sign-in"))
                .hasSize(1);
    }

    @Test
    void another_google_account_with_the_same_address_is_refused() {
        String first = signIn(google.idToken("g-600", "shared@example.com")).json().path("user").path("id").asText();
        signIn(google.idToken("g-601", "shared@example.com")).isProblem(401, "google-account-mismatch");
        assertThat(signIn(google.idToken("g-600", "shared@example.com")).json().path("user").path("id").asText())
                .isEqualTo(first);
    }

    @Test
    void an_over_long_id_token_is_refused_unparsed() {
        signIn("g".repeat(30_000)).isProblem(400, "invalid-google-token");
    }

    @Test
    void a_password_set_on_an_unverified_signup_stops_working_once_google_proves_the_address() {
        signUp("victim@gmail.com", "squatter");
        Reply reply = signIn(google.idToken("g-500", "victim@gmail.com"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("user").path("verified").asBoolean()).isTrue();

        post("/auth/login", json("login", "victim@gmail.com", "password", PASSWORD))
                .isProblem(401, "invalid-credentials");
    }

    @Test
    void generated_usernames_do_not_collide() {
        verifiedUserLogsIn("sam@example.com", "sam");
        Reply reply = signIn(google.idToken("g-300", "sam@gmail.com"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("user").path("username").asText()).startsWith("sam-").isNotEqualTo("sam");
    }

    @Test
    void an_admin_email_becomes_admin_on_first_google_login() {
        Reply reply = signIn(google.idToken("g-400", "boss@example.com"));
        assertThat(reply.json().path("user").path("roles")).extracting(JsonNode::asText).contains("ADMIN");
    }

    @Test
    void tokens_that_do_not_hold_are_refused() {
        signIn(google.forgedIdToken("g-1", "someone@gmail.com")).isProblem(401, "invalid-google-token");
        signIn(google.idToken("g-1", "someone@gmail.com", b -> b.audience("someone-else.apps.googleusercontent.com")))
                .isProblem(401, "invalid-google-token");
        signIn(google.idToken("g-1", "someone@gmail.com", b -> b.issuer("https://evil.example")))
                .isProblem(401, "invalid-google-token");
        signIn(google.idToken("g-1", "someone@gmail.com",
                b -> b.expirationTime(Date.from(Instant.now().minusSeconds(600)))))
                .isProblem(401, "invalid-google-token");
        signIn(google.idToken("g-1", "someone@gmail.com", b -> b.claim("email_verified", false)))
                .isProblem(401, "invalid-google-token");
        signIn("garbage").isProblem(401, "invalid-google-token");
        post("/auth/google", "{}").isProblem(400, "invalid-google-token");
    }

    private Reply signIn(String idToken) {
        return post("/auth/google", json("id_token", idToken));
    }
}
