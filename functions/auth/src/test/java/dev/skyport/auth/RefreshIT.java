package dev.skyport.auth;

import dev.skyport.testing.ApiClient.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@MicronautTest
class RefreshIT extends AuthApiTestBase {

    @Test
    void refresh_rotates_the_token_and_issues_a_new_access_token() {
        JsonNode login = verifiedUserLogsIn("rotate@example.com", "rotator");
        String first = login.path("refresh_token").asText();

        Reply refreshed = post("/auth/refresh", json("refresh_token", first));
        assertThat(refreshed.status()).isEqualTo(200);
        String second = refreshed.json().path("refresh_token").asText();
        assertThat(second).isNotEqualTo(first);
        String access = refreshed.json().path("access_token").asText();
        assertThat(get("/auth/session", "Authorization", "Bearer " + access).status()).isEqualTo(200);

        assertThat(post("/auth/refresh", json("refresh_token", second)).status()).isEqualTo(200);
    }

    @Test
    void refreshing_every_day_cannot_stretch_a_session_past_thirty_days_from_login() {
        JsonNode login = verifiedUserLogsIn("daily@example.com", "daily");
        String token = login.path("refresh_token").asText();
        for (int day = 1; day < 30; day++) {
            clock.advance(Duration.ofDays(1));
            Reply refreshed = post("/auth/refresh", json("refresh_token", token));
            assertThat(refreshed.status()).as("day %d: %s", day, refreshed.body()).isEqualTo(200);
            token = refreshed.json().path("refresh_token").asText();
        }
        clock.advance(Duration.ofDays(1));
        assertThat(post("/auth/refresh", json("refresh_token", token)).status()).isEqualTo(401);
    }

    @Test
    void reusing_a_rotated_token_revokes_the_whole_family() {
        JsonNode login = verifiedUserLogsIn("reuse@example.com", "reuser");
        String stolen = login.path("refresh_token").asText();
        String legit = post("/auth/refresh", json("refresh_token", stolen)).json().path("refresh_token").asText();

        post("/auth/refresh", json("refresh_token", stolen)).isProblem(401, "refresh-token-reused");
        post("/auth/refresh", json("refresh_token", legit)).isProblem(401, "invalid-refresh-token");
    }

    @Test
    void another_login_is_another_family_and_survives_a_reuse_elsewhere() {
        JsonNode laptop = verifiedUserLogsIn("two@example.com", "two-devices");
        String phone = post("/auth/login", json("login", "two-devices", "password", PASSWORD)).json()
                .path("refresh_token").asText();
        String stolen = laptop.path("refresh_token").asText();
        post("/auth/refresh", json("refresh_token", stolen));
        post("/auth/refresh", json("refresh_token", stolen)).isProblem(401, "refresh-token-reused");

        assertThat(post("/auth/refresh", json("refresh_token", phone)).status()).isEqualTo(200);
    }

    @Test
    void refresh_works_from_the_cookie_with_the_csrf_header() {
        JsonNode login = verifiedUserLogsIn("cookie-refresh@example.com", "cookie-refresher");
        String cookies = "skyport_refresh=" + login.path("refresh_token").asText() + "; skyport_csrf="
                + login.path("csrf_token").asText();

        post("/auth/refresh", null, "Cookie", cookies).isProblem(403, "csrf-token-mismatch");
        Reply refreshed = post("/auth/refresh", null, "Cookie", cookies, "X-CSRF-Token",
                login.path("csrf_token").asText());
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("skyport_refresh=" + refreshed.json().path("refresh_token").asText()));
    }

    @Test
    void logout_revokes_the_refresh_token_and_clears_the_cookies() {
        JsonNode login = verifiedUserLogsIn("bye@example.com", "leaver");
        String refresh = login.path("refresh_token").asText();

        Reply logout = post("/auth/logout", json("refresh_token", refresh));
        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.headers().allValues("set-cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("skyport_access=;").contains("Max-Age=0"))
                .anySatisfy(c -> assertThat(c).startsWith("skyport_refresh=;").contains("Max-Age=0"));

        post("/auth/refresh", json("refresh_token", refresh)).isProblem(401, "invalid-refresh-token");
        assertThat(post("/auth/logout", json("refresh_token", refresh)).status()).isEqualTo(204);
    }

    @Test
    void an_unknown_or_missing_refresh_token_is_refused() {
        post("/auth/refresh", json("refresh_token", "nope")).isProblem(401, "invalid-refresh-token");
        post("/auth/refresh", "{}").isProblem(401, "refresh-token-missing");
    }
}
