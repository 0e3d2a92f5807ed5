package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import dev.skyport.testing.ApiClient.Reply;
import java.time.Duration;
import java.util.Map;
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
        Reply page = api.postForm("/auth/verify", Map.of("token", "made-up"));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("unknown or was already used");
    }

    @Test
    void opening_the_link_only_shows_a_page_so_a_mail_scanner_fetching_it_verifies_nothing() {
        signUp("scanned@example.com", "scanned");
        String token = ses.latestVerificationToken("scanned@example.com").orElseThrow();
        for (int i = 0; i < 3; i++) {
            Reply page = get("/auth/verify?token=" + token);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("value=\"" + token + "\"");
        }
        post("/auth/login", json("login", "scanned", "password", PASSWORD)).isProblem(403, "email-not-verified");
        assertThat(api.postForm("/auth/verify", Map.of("token", token)).body()).contains("E-mail verified");
        assertThat(post("/auth/login", json("login", "scanned", "password", PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void a_token_that_tries_to_break_out_of_the_page_is_escaped() {
        Reply page = get("/auth/verify?token=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(page.body()).doesNotContain("<script>").contains("&quot;&gt;&lt;script&gt;");
    }
}
