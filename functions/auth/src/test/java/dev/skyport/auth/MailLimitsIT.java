package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Skyport cannot be used to mail-bomb an address, nor to keep its owner from signing up. */
@MicronautTest
class MailLimitsIT extends AuthApiTestBase {

    @Test
    void one_client_address_may_ask_for_twenty_mails_an_hour_then_waits() {
        ApiClient bomber = api.from("127.0.1.1");
        for (int i = 0; i < 20; i++) {
            Reply reply = bomber.post("/auth/verify/resend", json("email", "target" + i + "@example.com"));
            assertThat(reply.status()).isEqualTo(202);
        }
        Reply refused = bomber.post("/auth/signup", json("email", "late@example.com", "username", "late-comer",
                "password", PASSWORD)).isProblem(429, "too-many-mail-requests");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        assertThat(ses.sentTo("late@example.com")).isEmpty();

        // Another address is not affected, and the bomber may ask again once the hour has passed.
        assertThat(api.from("127.0.1.2").post("/auth/signup", json("email", "late@example.com", "username",
                "late-comer", "password", PASSWORD)).status()).isEqualTo(202);
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(bomber.post("/auth/verify/resend", json("email", "late@example.com")).status()).isEqualTo(202);
    }

    @Test
    void one_recipient_gets_at_most_three_mails_an_hour_and_the_answers_do_not_tell() {
        verifiedUserLogsIn("flooded@example.com", "flooded");
        assertThat(ses.sentTo("flooded@example.com")).hasSize(1); // the verification link
        for (int i = 0; i < 6; i++) {
            // Each from another address: the per-recipient limit holds whoever asks.
            Reply reply = api.from("127.0.2." + (i + 1)).post("/auth/signup",
                    json("email", "flooded@example.com", "username", "flood-" + i, "password", PASSWORD));
            assertThat(reply.status()).isEqualTo(202);
        }
        // Three "someone tried to sign up with your address" mails, then nothing more this hour.
        assertThat(ses.sentTo("flooded@example.com")).hasSize(1 + 3);
    }
}
