package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failed logins slow whoever fails, never the owner: counted per client address, per account and address, and per
 * account with a far higher ceiling. Addresses are the socket's (127.0.0.x here), never a header.
 */
@MicronautTest
class LoginThrottleIT extends AuthApiTestBase {

    /** The per-account brake's ceiling here (100 by default): each failure costs a real Argon2id check. */
    private static final int ACCOUNT_THRESHOLD = 30;

    @Override
    Map<String, String> extraProperties() {
        return Map.of("skyport.identity.account-failure-threshold", Integer.toString(ACCOUNT_THRESHOLD));
    }

    @Test
    void an_attacker_is_slowed_while_the_owner_signs_in_at_once_from_their_own_address() {
        verifiedUserLogsIn("victim@example.com", "victim");
        ApiClient attacker = api.from("127.0.0.2");
        ApiClient owner = api.from("127.0.0.3");
        for (int i = 0; i < 5; i++) {
            attacker.post("/auth/login", json("login", i % 2 == 0 ? "victim" : "victim@example.com",
                    "password", "guess " + i)).isProblem(401, "invalid-credentials");
        }

        // The attacker now waits, even with the right password (no oracle) ...
        Reply refused = attacker.post("/auth/login", json("login", "victim", "password", PASSWORD))
                .isProblem(429, "too-many-login-attempts");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 900L);
        // ... and the owner does not.
        assertThat(owner.post("/auth/login", json("login", "victim", "password", PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void each_further_failure_doubles_the_wait() {
        verifiedUserLogsIn("doubling@example.com", "doubling");
        ApiClient attacker = api.from("127.0.0.4");
        for (int i = 0; i < 5; i++) {
            attacker.post("/auth/login", json("login", "doubling", "password", "guess")).isProblem(401,
                    "invalid-credentials");
        }
        long firstWait = retryAfter(attacker.post("/auth/login", json("login", "doubling", "password", "guess")));
        clock.advance(Duration.ofSeconds(firstWait));
        attacker.post("/auth/login", json("login", "doubling", "password", "guess")).isProblem(401,
                "invalid-credentials");
        long secondWait = retryAfter(attacker.post("/auth/login", json("login", "doubling", "password", "guess")));
        assertThat(secondWait).isEqualTo(2 * firstWait);

        clock.advance(Duration.ofSeconds(secondWait));
        assertThat(attacker.post("/auth/login", json("login", "doubling", "password", PASSWORD)).status())
                .isEqualTo(200);
    }

    @Test
    void spraying_many_accounts_from_one_address_slows_that_address() {
        ApiClient sprayer = api.from("127.0.0.5");
        for (int i = 0; i < 20; i++) {
            sprayer.post("/auth/login", json("login", "user" + i + "@example.com", "password", "Winter2026!"))
                    .isProblem(401, "invalid-credentials");
        }
        sprayer.post("/auth/login", json("login", "user99@example.com", "password", "Winter2026!"))
                .isProblem(429, "too-many-login-attempts");
        api.from("127.0.0.6").post("/auth/login", json("login", "user99@example.com", "password", "Winter2026!"))
                .isProblem(401, "invalid-credentials");
    }

    @Test
    void a_forwarded_for_header_does_not_choose_the_counter() {
        verifiedUserLogsIn("spoof@example.com", "spoofed");
        ApiClient attacker = api.from("127.0.0.7");
        for (int i = 0; i < 5; i++) {
            attacker.post("/auth/login", json("login", "spoofed", "password", "guess"),
                    "X-Forwarded-For", "203.0.113." + i).isProblem(401, "invalid-credentials");
        }
        attacker.post("/auth/login", json("login", "spoofed", "password", PASSWORD),
                "X-Forwarded-For", "198.51.100.9").isProblem(429, "too-many-login-attempts");
    }

    /**
     * Failures from many addresses (each below its own limits) trip the per-account brake, which slows every
     * address the owner never signed in from; but never the owner's correct password from an address they signed
     * in from before (OWASP), and the owner's success there does not give the attackers a fresh allowance.
     */
    @Test
    void many_addresses_failing_never_lock_the_owner_out_of_an_address_they_signed_in_from() {
        signUp("besieged@example.com", "besieged");
        verify("besieged@example.com");
        ApiClient home = api.from("127.0.0.30");
        assertThat(home.post("/auth/login", json("login", "besieged", "password", PASSWORD)).status()).isEqualTo(200);
        for (int i = 0; i < ACCOUNT_THRESHOLD; i++) {
            api.from("127.0.1." + (i + 1)).post("/auth/login", json("login", "besieged", "password",
                    "guess " + i)).isProblem(401, "invalid-credentials");
        }

        // An address the owner never used meets the brake, the right password or not ...
        api.from("127.0.2.1").post("/auth/login", json("login", "besieged", "password", PASSWORD))
                .isProblem(429, "too-many-login-attempts");
        // ... while the owner at home signs in at once, and again.
        for (int i = 0; i < 2; i++) {
            assertThat(home.post("/auth/login", json("login", "besieged", "password", PASSWORD)).status())
                    .isEqualTo(200);
        }
        // Their success wiped nothing: another new address is still slowed.
        api.from("127.0.2.2").post("/auth/login", json("login", "besieged", "password", "guess"))
                .isProblem(429, "too-many-login-attempts");
        // Home is known, not trusted: a wrong password there is counted and refused like anywhere.
        home.post("/auth/login", json("login", "besieged", "password", "wrong")).isProblem(401,
                "invalid-credentials");
    }

    @Test
    void a_successful_login_resets_the_count_of_that_account_and_address() {
        verifiedUserLogsIn("reset@example.com", "resetter");
        ApiClient client = api.from("127.0.0.8");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                client.post("/auth/login", json("login", "resetter", "password", "wrong"))
                        .isProblem(401, "invalid-credentials");
            }
            assertThat(client.post("/auth/login", json("login", "resetter", "password", PASSWORD)).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void an_unknown_account_answers_exactly_like_a_known_one() {
        verifiedUserLogsIn("known@example.com", "known");
        ApiClient client = api.from("127.0.0.9");
        for (int i = 0; i < 5; i++) {
            Reply known = client.post("/auth/login", json("login", "known@example.com", "password", "wrong"));
            Reply unknown = client.post("/auth/login", json("login", "ghost@example.com", "password", "wrong"));
            assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(401);
            assertThat(unknown.json().path("detail")).isEqualTo(known.json().path("detail"));
        }
        client.post("/auth/login", json("login", "known@example.com", "password", "wrong"))
                .isProblem(429, "too-many-login-attempts");
        client.post("/auth/login", json("login", "ghost@example.com", "password", "wrong"))
                .isProblem(429, "too-many-login-attempts");
    }

    private static long retryAfter(Reply reply) {
        reply.isProblem(429, "too-many-login-attempts");
        return Long.parseLong(reply.headers().firstValue("Retry-After").orElseThrow());
    }
}
