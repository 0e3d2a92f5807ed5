package dev.skyport.accounts;

import static dev.skyport.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.identity.application.GoogleSignIn;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.kernel.DomainException;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

@MicronautTest
class PasswordChangeIT extends AccountsApiTestBase {

    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Inject
    Sessions sessions;
    @Inject
    GoogleSignIn googleSignIn;

    @Test
    void a_new_password_signs_out_every_other_session_and_keeps_this_one() {
        Session laptop = signedIn("pw@example.com", "pw-user");
        Session phone = passwordLogin.login("pw-user", new PlainPassword(PASSWORD), "127.0.0.1");

        Reply changed = api.post("/me/password", json("current_password", PASSWORD, "new_password", NEW_PASSWORD),
                "Authorization", bearer(laptop));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        String laptopRefresh = changed.json().path("refresh_token").asText();

        assertThatThrownBy(() -> sessions.refresh(phone.refreshToken())).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.slug()).isEqualTo("invalid-refresh-token"));
        assertThat(sessions.refresh(laptopRefresh).sessionId()).isEqualTo(laptop.sessionId());

        assertThatThrownBy(() -> passwordLogin.login("pw-user", new PlainPassword(PASSWORD), "127.0.0.1"))
                .isInstanceOf(DomainException.class);
        assertThat(passwordLogin.login("pw-user", new PlainPassword(NEW_PASSWORD), "127.0.0.1").user().username().value())
                .isEqualTo("pw-user");
    }

    @Test
    void wrong_current_passwords_slow_further_checks_but_never_the_owners_login() {
        Session session = signedIn("wrong@example.com", "wrong-pw");
        for (int i = 0; i < 5; i++) {
            api.post("/me/password", json("current_password", "not it", "new_password", NEW_PASSWORD),
                    "Authorization", bearer(session)).isProblem(403, "wrong-password");
        }
        api.post("/me/password", json("current_password", PASSWORD, "new_password", NEW_PASSWORD),
                "Authorization", bearer(session)).isProblem(429, "too-many-login-attempts");
        // Someone holding a stolen access token cannot use it to keep the owner from signing in.
        Session again = passwordLogin.login("wrong-pw", new PlainPassword(PASSWORD), "127.0.0.1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(api.post("/me/password", json("current_password", PASSWORD, "new_password", NEW_PASSWORD),
                "Authorization", bearer(again)).status()).isEqualTo(200);
    }

    @Test
    void the_new_password_follows_the_rules_and_must_differ() {
        Session session = signedIn("rules@example.com", "rules");
        api.post("/me/password", json("current_password", PASSWORD, "new_password", PASSWORD),
                "Authorization", bearer(session)).isProblem(400, "password-unchanged");
        api.post("/me/password", json("current_password", PASSWORD, "new_password", "short"),
                "Authorization", bearer(session)).isProblem(400, "invalid-password");
        api.post("/me/password", json("new_password", NEW_PASSWORD), "Authorization", bearer(session))
                .isProblem(400, "current-password-required");
        api.post("/me/password", json("current_password", PASSWORD), "Authorization", bearer(session))
                .isProblem(400, "invalid-password");
        assertThat(passwordLogin.login("rules", new PlainPassword(PASSWORD), "127.0.0.1")).isNotNull();
    }

    @Test
    void a_google_account_sets_its_first_password_with_a_fresh_google_token() {
        Session session = googleSignIn.signIn(google.idToken("g-1", "gina@gmail.com"));
        api.post("/me/password", json("new_password", NEW_PASSWORD), "Authorization", bearer(session))
                .isProblem(400, "google-proof-required");
        api.post("/me/password", json("new_password", NEW_PASSWORD,
                        "google_id_token", google.idToken("g-other", "gina@gmail.com")),
                "Authorization", bearer(session)).isProblem(403, "google-account-mismatch");
        api.post("/me/password", json("new_password", NEW_PASSWORD, "google_id_token", google.idToken("g-1",
                        "gina@gmail.com", b -> b.issueTime(Date.from(Instant.now().minusSeconds(600))))),
                "Authorization", bearer(session)).isProblem(403, "google-token-not-fresh");

        Reply set = api.post("/me/password", json("new_password", NEW_PASSWORD,
                "google_id_token", google.idToken("g-1", "gina@gmail.com")), "Authorization", bearer(session));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("user").path("sign_in_methods").toString()).contains("password", "google");
        String username = set.json().path("user").path("username").asText();
        assertThat(passwordLogin.login(username, new PlainPassword(NEW_PASSWORD), "127.0.0.1")).isNotNull();
    }
}
