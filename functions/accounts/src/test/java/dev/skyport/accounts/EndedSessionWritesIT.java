package dev.skyport.accounts;

import static dev.skyport.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.SkyportTestProperties;
import dev.skyport.testing.TestAccessTokens;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An access token lives 15 minutes; the session it belongs to may end sooner. Once it has, the token changes
 * nothing any more (401 session-revoked on every write route), whatever ended it.
 */
@MicronautTest
class EndedSessionWritesIT extends AccountsApiTestBase {

    @Inject
    Sessions sessions;

    private Session founder;

    @BeforeAll
    void anAdmin() {
        founder = signedIn(SkyportTestProperties.ADMIN_EMAIL, "founder");
    }

    @Test
    void after_logout_the_old_access_token_cannot_write_but_may_still_read() {
        Session session = signedIn("logout@example.com", "logged-out");
        sessions.end(session.refreshToken());

        api.delete("/me", json("password", PASSWORD), "Authorization", bearer(session))
                .isProblem(401, "session-revoked");
        Reply me = api.get("/me", "Authorization", bearer(session));
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().path("username").asText()).isEqualTo("logged-out");
    }

    @Test
    void after_a_password_change_elsewhere_the_other_sessions_token_cannot_write() {
        Session laptop = signedIn("pw-other@example.com", "pw-other");
        Session phone = passwordLogin.login("pw-other", new PlainPassword(PASSWORD), "127.0.0.1");
        String newPassword = "an entirely different passphrase";
        Reply changed = api.post("/me/password", json("current_password", PASSWORD, "new_password", newPassword),
                "Authorization", bearer(laptop));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        api.delete("/me", json("password", newPassword), "Authorization", bearer(phone))
                .isProblem(401, "session-revoked");
        assertThat(api.get("/me", "Authorization", "Bearer " + changed.json().path("access_token").asText())
                .status()).isEqualTo(200);
    }

    @Test
    void a_demoted_admins_old_token_cannot_use_the_role_it_lost() {
        Session demoted = promotedAdmin("demoted@example.com", "demoted");
        Session target = signedIn("target1@example.com", "target-one");

        Reply demotion = api.put("/admin/users/" + demoted.user().id().value() + "/roles",
                json("roles", List.of("USER")), "Authorization", bearer(founder));
        assertThat(demotion.status()).as(demotion.body()).isEqualTo(200);

        api.put("/admin/users/" + target.user().id().value() + "/roles", json("roles", List.of("USER", "ADMIN")),
                "Authorization", bearer(demoted)).isProblem(401, "session-revoked");
        assertThat(api.get("/me", "Authorization", bearer(target)).json().path("roles").toString())
                .doesNotContain("ADMIN");
    }

    @Test
    void a_deleted_admins_old_token_cannot_write() {
        Session deleted = promotedAdmin("deleted@example.com", "deleted-admin");
        Session other = passwordLogin.login("deleted-admin", new PlainPassword(PASSWORD), "127.0.0.1");
        Session target = signedIn("target2@example.com", "target-two");

        Reply gone = api.delete("/me", json("password", PASSWORD), "Authorization", bearer(deleted));
        assertThat(gone.status()).as(gone.body()).isEqualTo(204);

        api.put("/admin/users/" + target.user().id().value() + "/roles", json("roles", List.of("USER", "ADMIN")),
                "Authorization", bearer(other)).isProblem(401, "session-revoked");
        assertThat(api.get("/me", "Authorization", bearer(target)).json().path("roles").toString())
                .doesNotContain("ADMIN");
    }

    @Test
    void a_signed_token_that_names_no_session_may_read_but_not_write() {
        Session session = signedIn("sessionless@example.com", "sessionless");
        String bearer = "Bearer " + TestAccessTokens.sessionless(session.user().id().value(), "sessionless",
                clock.instant(), Duration.ofMinutes(15));

        assertThat(api.get("/me", "Authorization", bearer).json().path("username").asText()).isEqualTo("sessionless");
        api.delete("/me", json("password", PASSWORD), "Authorization", bearer).isProblem(401, "session-revoked");
        assertThat(api.get("/me", "Authorization", bearer(session)).status()).isEqualTo(200);
    }

    /** A second admin, logged in with a token that carries the role. */
    private Session promotedAdmin(String email, String username) {
        clock.advance(Duration.ofSeconds(1));
        Session session = signedIn(email, username);
        Reply promoted = api.put("/admin/users/" + session.user().id().value() + "/roles",
                json("roles", List.of("USER", "ADMIN")), "Authorization", bearer(founder));
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        return passwordLogin.login(username, new PlainPassword(PASSWORD), "127.0.0.1");
    }
}
