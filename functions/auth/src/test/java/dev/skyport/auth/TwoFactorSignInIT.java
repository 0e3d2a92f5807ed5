package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.identity.adapter.crypto.AesGcmSecondFactorKeys;
import dev.skyport.identity.application.GoogleIdTokens;
import dev.skyport.identity.application.PasswordLogin;
import dev.skyport.identity.application.SecondFactorKeys;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.application.SignInChallenges;
import dev.skyport.identity.application.TotpEnrolments;
import dev.skyport.identity.application.TwoFactor;
import dev.skyport.identity.application.Users;
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.mail.Mailer;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.SkyportTestProperties;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.Authenticator;
import dev.skyport.testing.NodeTools;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two-factor sign-in through the API, with the codes made by an authenticator we did not write (npm otplib, reading
 * the otpauth:// URI the enrolment answers) at the times of the test's moved clock: enrolment, the second sign-in
 * step, skew, replay, recovery codes, the throttle, turning it off and new recovery codes, admin reset, step-up.
 */
@MicronautTest
class TwoFactorSignInIT extends AuthApiTestBase {

    private static final NodeTools OTPLIB = new NodeTools(Path.of("src/test/node"), Path.of("target/totp-checks"));

    @Override
    Map<String, String> extraProperties() {
        return Map.of("skyport.identity.account-failure-threshold", "30");
    }

    /** Every test starts 10 s into a 30-second step, so that "the step before" is a clear 30 s back. */
    @BeforeEach
    void startOfAStep() {
        clock.catchUp();
        long into = clock.instant().getEpochSecond() % 30;
        clock.advance(Duration.ofSeconds(30 - into + 10).minusNanos(clock.instant().getNano()));
    }

    @Test
    void enrolment_gives_a_uri_an_authenticator_reads_and_a_code_from_it_turns_sign_in_into_two_steps() {
        String token = accessToken(verifiedUserLogsIn("two@example.com", "two-steps"));
        Reply enrol = post("/me/mfa/totp", "{}", bearer(token));
        assertThat(enrol.status()).as(enrol.body()).isEqualTo(201);
        assertThat(enrol.headers().firstValue("cache-control")).contains("no-store");
        String uri = enrol.json().path("otpauth_uri").asText();
        String secret = enrol.json().path("secret").asText();

        JsonNode read = new Authenticator(OTPLIB, uri).read(clock.instant());
        assertThat(read.path("type").asText()).isEqualTo("totp");
        assertThat(read.path("issuer").asText()).isEqualTo("Skyport");
        assertThat(read.path("label").asText()).isEqualTo("Skyport:two@example.com");
        assertThat(read.path("digits").asInt()).isEqualTo(6);
        assertThat(read.path("period").asInt()).isEqualTo(30);
        assertThat(read.path("algorithm").asText()).isEqualToIgnoringCase("sha1");
        assertThat(uri).contains("secret=" + secret);

        // Not on until confirmed: a password alone still signs in.
        assertThat(post("/auth/login", json("login", "two-steps", "password", PASSWORD)).json()
                .has("access_token")).isTrue();
        post("/me/mfa/totp/confirm", json("code", "000000"), bearer(token)).isProblem(403, "invalid-mfa-code");
        Reply confirmed = post("/me/mfa/totp/confirm", json("code", read.path("codes").get(0).asText()),
                bearer(token));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        List<String> recovery = texts(confirmed.json().path("recovery_codes"));
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
        assertThat(confirmed.json().path("session").path("access_token").asText()).isNotBlank();

        // The password now gives a challenge, never tokens or cookies.
        Reply first = post("/auth/login", json("login", "two-steps", "password", PASSWORD));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("status").asText()).isEqualTo("mfa_required");
        assertThat(first.json().has("access_token")).isFalse();
        assertThat(first.headers().allValues("set-cookie")).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        Reply second = post("/auth/login/mfa", json("challenge", first.json().path("challenge").asText(),
                "code", new Authenticator(OTPLIB, uri).code(clock.instant())));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("access_token").asText()).isNotBlank();
        assertThat(get("/auth/session", bearer(second.json().path("access_token").asText())).status())
                .isEqualTo(200);
        // The challenge was used up.
        post("/auth/login/mfa", json("challenge", first.json().path("challenge").asText(), "recovery_code",
                recovery.get(0))).isProblem(401, "invalid-mfa-challenge");
        assertThat(ses.sentTo("two@example.com")).anyMatch(mail -> mail.subject().contains("Two-factor sign-in is on"));
        assertThat(ses.all()).noneMatch(mail -> mail.text().contains(secret));
    }

    @Test
    void a_code_of_the_step_before_is_accepted_two_steps_back_is_not_and_no_code_works_twice() {
        Enrolled ada = enrolled("skew@example.com", "skewed");
        clock.advance(Duration.ofSeconds(60)); // past the step the enrolment's code used
        Instant now = clock.instant();

        // Two steps old: refused, and counted.
        signInWithCode(ada, ada.app.code(now.minusSeconds(60))).isProblem(401, "invalid-mfa-code");
        // One step behind (a slow phone): accepted.
        String behind = ada.app.code(now.minusSeconds(30));
        assertThat(signInWithCode(ada, behind).status()).isEqualTo(200);
        // The same code again, within its window: refused.
        signInWithCode(ada, behind).isProblem(401, "invalid-mfa-code");
        // The current step's code, later than the one used, works once.
        String current = ada.app.code(clock.instant());
        assertThat(signInWithCode(ada, current).status()).isEqualTo(200);
        signInWithCode(ada, current).isProblem(401, "invalid-mfa-code");
        // One step ahead (a fast phone): accepted.
        assertThat(signInWithCode(ada, ada.app.code(clock.instant().plusSeconds(30))).status()).isEqualTo(200);
    }

    @Test
    void of_concurrent_second_steps_with_one_code_exactly_one_signs_in() throws Exception {
        Enrolled bo = enrolled("race@example.com", "racer");
        clock.advance(Duration.ofSeconds(30));
        String code = bo.app.code(clock.instant());
        List<String> challenges = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            challenges.add(challenge("racer"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(challenges.size());
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (String c : challenges) {
                replies.add(pool.submit((Callable<Reply>) () -> post("/auth/login/mfa", json("challenge", c,
                        "code", code))));
            }
            int signedIn = 0;
            for (Future<Reply> reply : replies) {
                Reply answered = reply.get();
                if (answered.status() == 200) {
                    signedIn++;
                } else {
                    answered.isProblem(401, "invalid-mfa-code");
                }
            }
            assertThat(signedIn).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_recovery_code_signs_in_once_and_the_owner_is_told() {
        Enrolled cy = enrolled("recover@example.com", "recoverer");
        String code = cy.recoveryCodes.get(3);
        Reply used = post("/auth/login/mfa", json("challenge", challenge("recoverer"), "recovery_code",
                code.toUpperCase()));
        assertThat(used.status()).as(used.body()).isEqualTo(200);
        post("/auth/login/mfa", json("challenge", challenge("recoverer"), "recovery_code", code))
                .isProblem(401, "invalid-mfa-code");
        assertThat(ses.sentTo("recover@example.com")).anyMatch(mail -> mail.subject().contains("recovery code"));
        // Both at once: exactly one.
        String other = cy.recoveryCodes.get(4);
        List<Reply> both = List.of(post("/auth/login/mfa", json("challenge", challenge("recoverer"),
                "recovery_code", other)), post("/auth/login/mfa", json("challenge", challenge("recoverer"),
                "recovery_code", other)));
        assertThat(both.stream().filter(r -> r.status() == 200)).hasSize(1);
    }

    @Test
    void wrong_codes_count_towards_the_login_throttle_like_wrong_passwords() {
        enrolled("guessed@example.com", "guessed");
        ApiClient attacker = api.from("127.0.0.40");
        String challenge = attacker.post("/auth/login", json("login", "guessed", "password", PASSWORD)).json()
                .path("challenge").asText();
        for (int i = 0; i < 5; i++) {
            attacker.post("/auth/login/mfa", json("challenge", challenge, "code", String.format("%06d", i)))
                    .isProblem(401, "invalid-mfa-code");
        }
        // The pair (account, address) now waits: for the password step as for codes.
        attacker.post("/auth/login", json("login", "guessed", "password", PASSWORD))
                .isProblem(429, "too-many-login-attempts");
        attacker.post("/auth/login/mfa", json("challenge", challenge, "code", "123456"))
                .isProblem(401, "invalid-mfa-challenge");
    }

    @Test
    void a_challenge_expires_and_is_worth_five_tries() {
        Enrolled di = enrolled("tries@example.com", "tries");
        String challenge = challenge("tries");
        clock.advance(Duration.ofMinutes(6));
        post("/auth/login/mfa", json("challenge", challenge, "code", di.app.code(clock.instant())))
                .isProblem(401, "invalid-mfa-challenge");
        post("/auth/login/mfa", json("challenge", "x", "code", "12345")).isProblem(400, "invalid-code");
        post("/auth/login/mfa", json("challenge", "x")).isProblem(400, "code-required");
    }

    @Test
    void turning_it_off_needs_the_password_and_a_code_and_ends_the_other_sessions() {
        Enrolled ed = enrolled("off@example.com", "switcher");
        clock.advance(Duration.ofSeconds(30));
        String phone = accessToken(post("/auth/login/mfa", json("challenge", challenge("switcher"), "code",
                ed.app.code(clock.instant()))).json());
        clock.advance(Duration.ofSeconds(30));

        delete("/me/mfa/totp", json("code", ed.app.code(clock.instant())), ed.token)
                .isProblem(400, "password-required");
        delete("/me/mfa/totp", json("password", "wrong", "code", ed.app.code(clock.instant())), ed.token)
                .isProblem(403, "wrong-password");
        delete("/me/mfa/totp", json("password", PASSWORD, "code", "000000"), ed.token)
                .isProblem(403, "invalid-mfa-code");
        Reply off = delete("/me/mfa/totp", json("password", PASSWORD, "code", ed.app.code(clock.instant())),
                ed.token);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().path("access_token").asText()).isNotBlank();

        // The phone's session ended; the password alone signs in again.
        post("/me/mfa/totp", "{}", bearer(phone)).isProblem(401, "session-revoked");
        assertThat(post("/auth/login", json("login", "switcher", "password", PASSWORD)).json().has("access_token"))
                .isTrue();
        assertThat(ses.sentTo("off@example.com")).anyMatch(mail -> mail.subject().contains("is off"));
    }

    @Test
    void new_recovery_codes_need_the_password_and_a_code_and_the_old_ones_stop_working() {
        Enrolled fi = enrolled("regen@example.com", "regen");
        clock.advance(Duration.ofSeconds(30));
        post("/me/mfa/recovery-codes", json("password", PASSWORD), fi.token).isProblem(400, "code-required");
        Reply fresh = post("/me/mfa/recovery-codes", json("password", PASSWORD, "code",
                fi.app.code(clock.instant())), fi.token);
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
        List<String> codes = texts(fresh.json().path("recovery_codes"));
        assertThat(codes).hasSize(10).doesNotContainAnyElementsOf(fi.recoveryCodes);
        post("/auth/login/mfa", json("challenge", challenge("regen"), "recovery_code", fi.recoveryCodes.get(0)))
                .isProblem(401, "invalid-mfa-code");
        assertThat(post("/auth/login/mfa", json("challenge", challenge("regen"), "recovery_code", codes.get(0)))
                .status()).isEqualTo(200);
    }

    @Test
    void a_step_up_takes_a_fresh_code_and_is_refused_without_one() {
        Enrolled gu = enrolled("stepper@example.com", "stepper");
        post("/auth/mfa/step-up", json("code", "000000"), gu.token).isProblem(403, "invalid-mfa-code");
        clock.advance(Duration.ofSeconds(30));
        Reply stepped = post("/auth/mfa/step-up", json("code", gu.app.code(clock.instant())), gu.token);
        assertThat(stepped.status()).as(stepped.body()).isEqualTo(200);
        assertThat(Instant.parse(stepped.json().path("fresh_until").asText()))
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    }

    @Test
    void an_admin_resets_a_persons_second_factor_and_every_session_of_theirs_ends() {
        Enrolled hu = enrolled("lostphone@example.com", "lostphone");
        String admin = accessToken(verifiedUserLogsIn(dev.skyport.testing.SkyportTestProperties.ADMIN_EMAIL,
                "boss"));
        String id = get("/auth/session", hu.token).json().path("id").asText();

        assertThat(delete("/admin/users/" + id + "/mfa", null, hu.token).status()).isEqualTo(403);
        Reply reset = delete("/admin/users/" + id + "/mfa", null, bearer(admin));
        assertThat(reset.status()).as(reset.body()).isEqualTo(204);
        delete("/admin/users/" + id + "/mfa", null, bearer(admin)).isProblem(409, "mfa-not-on");
        post("/me/mfa/totp", "{}", hu.token).isProblem(401, "session-revoked");
        assertThat(post("/auth/login", json("login", "lostphone", "password", PASSWORD)).json().has("access_token"))
                .isTrue();
        assertThat(ses.sentTo("lostphone@example.com")).anyMatch(mail -> mail.subject().contains("was reset"));
    }

    @Test
    void after_a_key_rotation_old_secrets_and_recovery_codes_still_work_and_a_used_secret_is_sealed_anew() {
        Enrolled cy = enrolled("rotate@example.com", "rotated");
        UserId id = new UserId(get("/auth/session", cy.token()).json().path("id").asText());
        TotpEnrolments enrolments = context.getBean(TotpEnrolments.class);
        String before = enrolments.find(id).orElseThrow().sealedSecret();
        assertThat(before).startsWith("v1.");
        // The operator lists a new key first and keeps the old one (docs/operations.md): the auth function restarts.
        String material = "v2:skyport-test-rotated-second-factor-key-0123456789,v1:" + SkyportTestProperties.MFA_KEY;
        SecondFactorKeys rotated = new AesGcmSecondFactorKeys(() -> material.getBytes(StandardCharsets.US_ASCII));
        TwoFactor afterRotation = new TwoFactor(context.getBean(Users.class), enrolments, rotated,
                context.getBean(SignInChallenges.class), context.getBean(PasswordLogin.class),
                context.getBean(GoogleIdTokens.class), context.getBean(Sessions.class), context.getBean(Mailer.class),
                context.getBean(Announcements.class), clock);

        clock.advance(Duration.ofSeconds(30));
        afterRotation.completeSignIn(challenge(cy.username()), Optional.of(cy.app().code(clock.instant())),
                Optional.empty(), "127.0.0.1");
        String after = enrolments.find(id).orElseThrow().sealedSecret();
        assertThat(after).as("sealed again under the new key once used").startsWith("v2.");
        assertThat(rotated.open(after, "totp:" + id.value())).isEqualTo(rotated.open(before, "totp:" + id.value()));
        // A recovery code made before the rotation still works, once.
        afterRotation.completeSignIn(challenge(cy.username()), Optional.empty(),
                Optional.of(cy.recoveryCodes().get(0)), "127.0.0.1");
        String again = challenge(cy.username());
        assertThatThrownBy(() -> afterRotation.completeSignIn(again, Optional.empty(),
                Optional.of(cy.recoveryCodes().get(0)), "127.0.0.1")).isInstanceOf(DomainException.class);
        clock.advance(Duration.ofSeconds(30));
        afterRotation.completeSignIn(challenge(cy.username()), Optional.of(cy.app().code(clock.instant())),
                Optional.empty(), "127.0.0.1");
    }

    // --- helpers

    private record Enrolled(Authenticator app, String[] token, List<String> recoveryCodes, String username) {
    }

    private Enrolled enrolled(String email, String username) {
        String token = accessToken(verifiedUserLogsIn(email, username));
        Reply enrol = post("/me/mfa/totp", "{}", bearer(token));
        assertThat(enrol.status()).as(enrol.body()).isEqualTo(201);
        Authenticator app = new Authenticator(OTPLIB, enrol.json().path("otpauth_uri").asText());
        Reply confirmed = post("/me/mfa/totp/confirm", json("code", app.code(clock.instant())), bearer(token));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return new Enrolled(app, bearer(accessToken(confirmed.json().path("session"))),
                texts(confirmed.json().path("recovery_codes")), username);
    }

    private String challenge(String login) {
        Reply first = post("/auth/login", json("login", login, "password", PASSWORD));
        assertThat(first.json().path("status").asText()).as(first.body()).isEqualTo("mfa_required");
        return first.json().path("challenge").asText();
    }

    private Reply signInWithCode(Enrolled who, String code) {
        return post("/auth/login/mfa", json("challenge", challenge(who.username()), "code", code));
    }

    private Reply delete(String path, String json, String... headers) {
        return api.delete(path, json, headers);
    }

    private static String accessToken(JsonNode session) {
        return session.path("access_token").asText();
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
