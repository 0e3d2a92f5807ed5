package dev.skyport.accounts;

import static dev.skyport.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.Sessions;
import dev.skyport.kernel.DomainException;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@MicronautTest
class MeIT extends AccountsApiTestBase {

    @Inject
    Sessions sessions;

    @Test
    void me_shows_the_account_without_secrets() {
        Session session = signedIn("me@example.com", "me-myself");
        Reply me = api.get("/me", "Authorization", bearer(session));
        assertThat(me.status()).isEqualTo(200);
        JsonNode body = me.json();
        assertThat(body.path("id").asText()).isEqualTo(session.user().id().value());
        assertThat(body.path("email").asText()).isEqualTo("me@example.com");
        assertThat(body.path("username").asText()).isEqualTo("me-myself");
        assertThat(body.path("roles")).extracting(JsonNode::asText).containsExactly("USER");
        assertThat(body.path("verified").asBoolean()).isTrue();
        assertThat(body.path("sign_in_methods")).extracting(JsonNode::asText).containsExactly("password");
        assertThat(body.path("created_at").asText()).isNotBlank();
        assertThat(me.body()).doesNotContain("argon2").doesNotContain("password_hash");
    }

    @Test
    void me_needs_a_token() {
        api.get("/me").isProblem(401, "unauthenticated");
        api.get("/me", "Authorization", "Bearer nonsense").isProblem(401, "unauthenticated");
    }

    @Test
    void a_rename_returns_fresh_tokens_with_the_new_username_and_frees_the_old_one() {
        Session session = signedIn("rename@example.com", "old-name");
        Reply renamed = api.patch("/me/username", json("username", "new-name"), "Authorization", bearer(session));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        String access = renamed.json().path("access_token").asText();
        assertThat(claims(access).path("username").asText()).isEqualTo("new-name");
        assertThat(claims(access).path("sid").asText()).isEqualTo(session.sessionId());
        assertThat(renamed.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c).startsWith("skyport_access="));
        assertThat(api.get("/me", "Authorization", "Bearer " + access).json().path("username").asText())
                .isEqualTo("new-name");

        // the old refresh token of this session was replaced; the new one works
        String fresh = renamed.json().path("refresh_token").asText();
        assertThat(sessions.refresh(fresh).user().username().value()).isEqualTo("new-name");

        Session other = signedIn("other@example.com", "other");
        assertThat(api.patch("/me/username", json("username", "old-name"), "Authorization", bearer(other)).status())
                .isEqualTo(200);
    }

    @Test
    void an_access_token_of_an_ended_session_cannot_renew_itself_into_a_new_one() {
        Session session = signedIn("ended@example.com", "ended");
        sessions.end(session.refreshToken());

        api.patch("/me/username", json("username", "ended"), "Authorization", bearer(session))
                .isProblem(401, "session-revoked");
        api.patch("/me/username", json("username", "renamed-after-logout"), "Authorization", bearer(session))
                .isProblem(401, "session-revoked");
        api.post("/me/password", json("current_password", PASSWORD, "new_password", "a brand new passphrase"),
                "Authorization", bearer(session)).isProblem(401, "session-revoked");
        // Nothing changed, and no session came out of it.
        assertThat(api.get("/me", "Authorization", bearer(session)).json().path("username").asText())
                .isEqualTo("ended");
        assertThatThrownBy(() -> sessions.refresh(session.refreshToken())).isInstanceOf(DomainException.class);
    }

    @Test
    void a_taken_or_invalid_username_is_refused_and_changes_nothing() {
        signedIn("holder@example.com", "held-name");
        Session session = signedIn("wants@example.com", "wants");
        api.patch("/me/username", json("username", "held-name"), "Authorization", bearer(session))
                .isProblem(409, "username-taken");
        api.patch("/me/username", json("username", "Bad Name"), "Authorization", bearer(session))
                .isProblem(400, "invalid-username");
        api.patch("/me/username", "{\"username\": 5", "Authorization", bearer(session))
                .isProblem(400, "malformed-request");
        assertThat(api.get("/me", "Authorization", bearer(session)).json().path("username").asText())
                .isEqualTo("wants");
    }

    @Test
    void many_people_racing_for_one_name_leave_exactly_one_winner() throws Exception {
        List<Session> racers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            racers.add(signedIn("racer" + i + "@example.com", "racer-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Integer>> results = new ArrayList<>();
        for (Session racer : racers) {
            results.add(pool.submit(() -> api.patch("/me/username", json("username", "the-prize"),
                    "Authorization", bearer(racer)).status()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        long holders = racers.stream().map(r -> api.get("/me", "Authorization", bearer(r)).json()
                .path("username").asText()).filter("the-prize"::equals).count();
        assertThat(holders).isEqualTo(1);
    }
}
