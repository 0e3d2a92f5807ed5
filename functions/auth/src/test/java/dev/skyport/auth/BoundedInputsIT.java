package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * Logins, e-mails, passwords and tokens of unexpected size are a 400 problem before anything is looked up, counted
 * or hashed, never a 500.
 */
@MicronautTest
class BoundedInputsIT extends AuthApiTestBase {

    @Test
    void a_3000_character_login_is_a_400() {
        post("/auth/login", json("login", "a".repeat(3000), "password", PASSWORD)).isProblem(400, "invalid-login");
        post("/auth/login", json("login", "a".repeat(3000) + "@example.com", "password", PASSWORD))
                .isProblem(400, "invalid-login");
    }

    @Test
    void a_password_longer_than_any_that_can_be_set_is_refused_before_hashing() {
        verifiedUserLogsIn("long-password@example.com", "long-password");
        post("/auth/login", json("login", "long-password", "password", "p".repeat(60_000)))
                .isProblem(400, "invalid-password");
        post("/auth/login", json("login", "long-password", "password", "😀".repeat(129)))
                .isProblem(400, "invalid-password");
        Reply ok = post("/auth/login", json("login", "long-password", "password", PASSWORD));
        assertThat(ok.status()).as("the refused attempts did not count against the owner").isEqualTo(200);
    }

    @Test
    void over_long_e_mails_and_tokens_are_400s() {
        post("/auth/signup", json("email", "a".repeat(60_000) + "@example.com", "username", "ok-name",
                "password", PASSWORD)).isProblem(400, "invalid-email");
        post("/auth/verify/resend", json("email", "a".repeat(3000) + "@example.com")).isProblem(400, "invalid-email");
        post("/auth/verify", json("token", "t".repeat(3000))).isProblem(400, "invalid-verification-token");
        Reply refresh = post("/auth/refresh", json("refresh_token", "r".repeat(3000)));
        assertThat(refresh.status()).as(refresh.body()).isIn(400, 401);
    }
}
