package dev.skyport.notifications.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The Standard Webhooks libraries' own test vector (their sign tests use exactly these values). */
    @Test
    void signs_the_specifications_example_as_its_libraries_do() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSignature.header(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                        "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"));
    }

    @Test
    void a_rotated_secret_signs_beside_the_old_one_for_a_day_then_alone() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        SigningSecrets first = SigningSecrets.generate();
        SigningSecrets rotated = first.rotated(now);
        assertNotEquals(first.current(), rotated.current());
        assertEquals(List.of(rotated.current(), first.current()), rotated.signingAt(now.plus(Duration.ofHours(23))));
        assertEquals(List.of(rotated.current()), rotated.signingAt(now.plus(Duration.ofHours(24))));
        String header = WebhookSignature.header(rotated.signingAt(now), "msg_1", 1L, "{}");
        assertEquals(2, header.split(" ").length);
        assertEquals(rotated, SigningSecrets.parse(rotated.stored()));
    }

    @Test
    void secrets_look_as_the_specification_says_and_never_print() {
        SigningSecrets secrets = SigningSecrets.generate();
        assertTrue(secrets.current().matches("whsec_[A-Za-z0-9+/]{32}"), secrets.current().substring(0, 6));
        assertEquals("SigningSecrets[masked]", secrets.toString());
    }
}
