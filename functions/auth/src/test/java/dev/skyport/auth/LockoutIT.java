package dev.skyport.auth;

import dev.skyport.testing.ApiClient.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@MicronautTest
class LockoutIT extends AuthApiTestBase {

    @Test
    void five_failed_logins_lock_the_account_until_the_fifteen_minute_window_passes() {
        verifiedUserLogsIn("locked@example.com", "locked");
        for (int i = 0; i < 5; i++) {
            post("/auth/login", json("login", i % 2 == 0 ? "locked" : "locked@example.com", "password", "wrong " + i))
                    .isProblem(401, "invalid-credentials");
        }

        Reply refused = post("/auth/login", json("login", "locked", "password", PASSWORD))
                .isProblem(429, "too-many-login-attempts");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 900L);

        clock.advance(Duration.ofMinutes(10));
        post("/auth/login", json("login", "locked", "password", PASSWORD)).isProblem(429, "too-many-login-attempts");

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(post("/auth/login", json("login", "locked", "password", PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void a_successful_login_resets_the_count() {
        verifiedUserLogsIn("reset@example.com", "resetter");
        for (int i = 0; i < 4; i++) {
            post("/auth/login", json("login", "resetter", "password", "wrong")).isProblem(401, "invalid-credentials");
        }
        assertThat(post("/auth/login", json("login", "resetter", "password", PASSWORD)).status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            post("/auth/login", json("login", "resetter", "password", "wrong")).isProblem(401, "invalid-credentials");
        }
        assertThat(post("/auth/login", json("login", "resetter", "password", PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void an_unknown_account_answers_exactly_like_a_known_one() {
        verifiedUserLogsIn("known@example.com", "known");
        for (int i = 0; i < 5; i++) {
            Reply known = post("/auth/login", json("login", "known@example.com", "password", "wrong"));
            Reply unknown = post("/auth/login", json("login", "ghost@example.com", "password", "wrong"));
            assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(401);
            assertThat(unknown.json().path("detail")).isEqualTo(known.json().path("detail"));
        }
        post("/auth/login", json("login", "known@example.com", "password", "wrong")).isProblem(429, "too-many-login-attempts");
        post("/auth/login", json("login", "ghost@example.com", "password", "wrong")).isProblem(429, "too-many-login-attempts");
    }
}
