package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@MicronautTest
class VerificationIT extends AuthApiTestBase {

    @Test
    void a_verification_link_works_once() {
        signUp("once@example.com", "once");
        String token = ses.latestVerificationToken("once@example.com").orElseThrow();

        assertThat(post("/auth/verify", json("token", token)).status()).isEqualTo(200);
        post("/auth/verify", json("token", token)).isProblem(400, "invalid-verification-token");
    }

    @Test
    void a_verification_link_expires_after_one_hour_and_a_resent_one_works() {
        signUp("slow@example.com", "slowpoke");
        String expired = ses.latestVerificationToken("slow@example.com").orElseThrow();
        clock.advance(Duration.ofMinutes(60).plusSeconds(1));

        post("/auth/verify", json("token", expired)).isProblem(400, "verification-link-expired");
        post("/auth/login", json("login", "slowpoke", "password", PASSWORD)).isProblem(403, "email-not-verified");

        assertThat(post("/auth/verify/resend", json("email", "slow@example.com")).status()).isEqualTo(202);
        String fresh = ses.latestVerificationToken("slow@example.com").orElseThrow();
        assertThat(fresh).isNotEqualTo(expired);
        clock.advance(Duration.ofMinutes(59));
        assertThat(post("/auth/verify", json("token", fresh)).status()).isEqualTo(200);
        assertThat(post("/auth/login", json("login", "slowpoke", "password", PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void a_link_still_valid_at_fifty_nine_minutes_verifies() {
        signUp("timely@example.com", "timely");
        String token = ses.latestVerificationToken("timely@example.com").orElseThrow();
        clock.advance(Duration.ofMinutes(59));
        assertThat(post("/auth/verify", json("token", token)).status()).isEqualTo(200);
    }

    @Test
    void resend_answers_202_for_an_unknown_address_and_sends_nothing() {
        int before = ses.all().size();
        assertThat(post("/auth/verify/resend", json("email", "nobody@example.com")).status()).isEqualTo(202);
        assertThat(ses.all()).hasSize(before);
    }

    @Test
    void an_unknown_token_is_refused() {
        post("/auth/verify", json("token", "made-up")).isProblem(400, "invalid-verification-token");
        get("/auth/verify?token=made-up").isProblem(400, "invalid-verification-token");
    }
}
