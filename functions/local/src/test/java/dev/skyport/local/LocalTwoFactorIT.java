package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.Authenticator;
import dev.skyport.testing.MutableClock;
import dev.skyport.testing.NodeTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two-factor sign-in across the functions, on the whole local platform with {@code SKYPORT_MFA_REQUIRED=admins}: an
 * admin without it may only enrol; sensitive actions of other functions (connecting or rotating cloud credentials,
 * deleting the account, making a personal access token) ask for a second factor under 15 minutes old, with the clock
 * moved; an enrolled admin's token passes the gate as the admin does. Codes come from otplib.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalTwoFactorIT {

    private static final NodeTools OTPLIB = new NodeTools(Authenticator.SOURCES, Path.of("target/totp-checks"));
    private static final String ADMIN_EMAIL = "chief@example.com";
    private static final String TOKEN_REQUEST = "{\"name\":\"ci\",\"scopes\":[\"read\"],\"expires_in_days\":30}";
    private static final String ADMIN_TOKEN_REQUEST = "{\"name\":\"ops\",\"scopes\":[\"read\",\"admin\"],"
            + "\"expires_in_days\":30}";

    private LocalPlatform platform;
    private ApiClient api;
    private MutableClock clock;

    @BeforeAll
    void start() {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), Map.of("skyport.admin-emails", ADMIN_EMAIL, "skyport.mfa.required", "admins")));
        api = new ApiClient(platform::baseUrl);
        clock = platform.context().getBean(MutableClock.class);
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void an_admin_without_a_second_factor_may_only_enrol_until_enrolled() {
        String chief = TourSteps.signedIn(api, ADMIN_EMAIL, "chief");
        api.get("/clusters", "Authorization", chief).isProblem(403, "mfa-enrolment-required");
        api.get("/admin/users", "Authorization", chief).isProblem(403, "mfa-enrolment-required");
        api.post("/auth/ws-ticket", "", "Authorization", chief).isProblem(403, "mfa-enrolment-required");
        assertThat(api.get("/me", "Authorization", chief).json().path("mfa_enabled").asBoolean()).isFalse();
        assertThat(api.get("/auth/session", "Authorization", chief).status()).isEqualTo(200);

        api.post("/me/tokens", ADMIN_TOKEN_REQUEST, "Authorization", chief).isProblem(403, "mfa-enrolment-required");
        Enrolled enrolled = enrol(chief);
        assertThat(api.get("/admin/users", "Authorization", enrolled.bearer()).status()).isEqualTo(200);
        // An enrolled admin's token passes the gate as the admin's session does: its person has a second factor.
        Reply made = api.post("/me/tokens", ADMIN_TOKEN_REQUEST, "Authorization", enrolled.bearer());
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(api.get("/admin/users", "Authorization", "Bearer " + made.json().path("token").asText())
                .status()).isEqualTo(200);
        assertThat(api.get("/me", "Authorization", enrolled.bearer()).json().path("mfa_enabled").asBoolean())
                .isTrue();
        // A person who is not an admin is not asked.
        String user = TourSteps.signedIn(api, "plain@example.com", "plain");
        assertThat(api.get("/clusters", "Authorization", user).status()).isEqualTo(200);
    }

    @Test
    void connecting_rotating_and_deleting_need_a_second_factor_under_fifteen_minutes_old() {
        String bearer = TourSteps.signedIn(api, "careful@example.com", "careful");
        Enrolled enrolled = enrol(bearer);
        // Enrolment proved a factor just now: connecting works at once.
        String account = TourSteps.connectSimulated(api, enrolled.bearer(), "aws", "Fresh");

        clock.advance(Duration.ofMinutes(16));
        String access = api.post("/auth/refresh", ApiClient.json("refresh_token", enrolled.refreshToken())).json()
                .path("access_token").asText();
        String later = "Bearer " + access;
        JsonNode credentials = api.get("/local/simulated-cloud").json().path("aws").path("passes");
        api.post("/cloud-accounts", "{\"name\":\"Stale\",\"provider\":\"aws\",\"environment\":\"dev\","
                + "\"credentials\":" + credentials + "}", "Authorization", later)
                .isProblem(403, "mfa-step-up-required");
        api.put("/cloud-accounts/" + account + "/credentials", "{\"credentials\":" + credentials + "}",
                "Authorization", later).isProblem(403, "mfa-step-up-required");
        api.delete("/me", ApiClient.json("password", TourSteps.PASSWORD), "Authorization", later)
                .isProblem(403, "mfa-step-up-required");
        api.post("/me/tokens", TOKEN_REQUEST, "Authorization", later).isProblem(403, "mfa-step-up-required");
        // Reads and other writes are not sensitive.
        assertThat(api.get("/cloud-accounts", "Authorization", later).status()).isEqualTo(200);

        Reply stepped = api.post("/auth/mfa/step-up", ApiClient.json("code", enrolled.app().code(clock.instant())),
                "Authorization", later);
        assertThat(stepped.status()).as(stepped.body()).isEqualTo(200);
        Reply rotated = api.put("/cloud-accounts/" + account + "/credentials", "{\"credentials\":" + credentials
                + "}", "Authorization", later);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        Reply made = api.post("/me/tokens", TOKEN_REQUEST, "Authorization", later);
        assertThat(made.status()).as(made.body()).isEqualTo(201);

        // The step-up belongs to the session that made it: another session of the same person is not stepped up.
        clock.advance(Duration.ofSeconds(30));
        String challenge = api.post("/auth/login", ApiClient.json("login", "careful", "password",
                TourSteps.PASSWORD)).json().path("challenge").asText();
        Reply other = api.post("/auth/login/mfa", ApiClient.json("challenge", challenge, "code",
                enrolled.app().code(clock.instant())));
        assertThat(other.status()).as(other.body()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(15));
        String otherBearer = "Bearer " + api.post("/auth/refresh", ApiClient.json("refresh_token",
                other.json().path("refresh_token").asText())).json().path("access_token").asText();
        api.delete("/me", ApiClient.json("password", TourSteps.PASSWORD), "Authorization", otherBearer)
                .isProblem(403, "mfa-step-up-required");
    }

    private record Enrolled(String bearer, String refreshToken, Authenticator app) {
    }

    private Enrolled enrol(String bearer) {
        Reply enrol = api.post("/me/mfa/totp", "{}", "Authorization", bearer);
        assertThat(enrol.status()).as(enrol.body()).isEqualTo(201);
        Authenticator app = new Authenticator(OTPLIB, enrol.json().path("otpauth_uri").asText());
        Reply confirmed = api.post("/me/mfa/totp/confirm", ApiClient.json("code", app.code(clock.instant())),
                "Authorization", bearer);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        JsonNode session = confirmed.json().path("session");
        return new Enrolled("Bearer " + session.path("access_token").asText(),
                session.path("refresh_token").asText(), app);
    }
}
