package dev.skyport.auth;

import dev.skyport.testing.ApiClient.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.identity.application.Users;
import dev.skyport.identity.application.WsTicketIssuer;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
import dev.skyport.kernel.UserId;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest
class SignUpAndLoginIT extends AuthApiTestBase {

    @Inject
    WsTicketIssuer tickets;
    @Inject
    Users users;

    @Test
    void a_new_user_signs_up_opens_the_link_logs_in_and_calls_an_authenticated_endpoint() {
        Reply signUp = post("/auth/signup", json("email", "Grace@Example.com", "username", "grace",
                "password", PASSWORD));
        assertThat(signUp.status()).isEqualTo(202);
        assertThat(ses.sentTo("grace@example.com")).singleElement()
                .satisfies(mail -> assertThat(mail.text()).contains("/auth/verify?token="));

        post("/auth/login", json("login", "grace", "password", PASSWORD)).isProblem(403, "email-not-verified");

        String token = ses.latestVerificationToken("grace@example.com").orElseThrow();
        Reply page = get("/auth/verify?token=" + token, "Accept", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<button type=\"submit\">Verify my e-mail address</button>");
        Reply verified = api.postForm("/auth/verify", Map.of("token", token));
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.contentType()).startsWith("text/html");
        assertThat(verified.body()).contains("E-mail verified").contains("grace");

        Reply login = post("/auth/login", json("login", "GRACE@example.com", "password", PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        JsonNode session = login.json();
        assertThat(session.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(session.path("expires_in").asLong()).isBetween(890L, 900L);
        assertThat(session.path("refresh_token").asText()).hasSizeGreaterThan(40);
        assertThat(session.path("user").path("roles")).extracting(JsonNode::asText).containsExactly("USER");

        Reply caller = get("/auth/session", "Authorization", "Bearer " + session.path("access_token").asText());
        assertThat(caller.status()).isEqualTo(200);
        assertThat(caller.json().path("username").asText()).isEqualTo("grace");
        assertThat(caller.json().path("id").asText()).isEqualTo(session.path("user").path("id").asText());
    }

    /** Without a Google client, the sign-in page offers the password only: no Google button leads nowhere. */
    @Test
    void without_a_google_client_the_sign_in_methods_are_the_password_only() {
        Reply methods = get("/auth/sign-in-methods");
        assertThat(methods.status()).isEqualTo(200);
        assertThat(methods.json().path("password").asBoolean()).isTrue();
        assertThat(methods.json().path("google").isMissingNode() || methods.json().path("google").isNull()).isTrue();
    }

    @Test
    void login_sets_httponly_secure_samesite_strict_cookies_that_authenticate_requests() {
        JsonNode session = verifiedUserLogsIn("cookie@example.com", "cookie-eater");
        Reply login = post("/auth/login", json("login", "cookie-eater", "password", PASSWORD));
        List<String> cookies = login.headers().allValues("set-cookie");

        assertThat(cookies).anySatisfy(c -> assertThat(c.toLowerCase()).startsWith("skyport_access=")
                .contains("httponly").contains("secure").contains("samesite=strict").contains("path=/"));
        assertThat(cookies).anySatisfy(c -> assertThat(c.toLowerCase()).startsWith("skyport_refresh=")
                .contains("httponly").contains("secure").contains("samesite=strict")
                .contains("path=/auth"));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("skyport_csrf=").doesNotContainIgnoringCase("HttpOnly"));

        String access = session.path("access_token").asText();
        Reply caller = get("/auth/session", "Cookie", "skyport_access=" + access);
        assertThat(caller.status()).isEqualTo(200);
        assertThat(caller.json().path("username").asText()).isEqualTo("cookie-eater");
    }

    /**
     * A session kept in cookies (the console signs in asking for that) never shows its tokens in a body any script
     * on the page could read: not at sign-in, not when the refresh cookie renews it. Other clients get both.
     */
    @Test
    void a_cookie_session_never_shows_its_tokens_in_a_body() {
        verifiedUserLogsIn("script@example.com", "script-user");
        Reply login = post("/auth/login", json("login", "script-user", "password", PASSWORD),
                "X-Skyport-Session", "cookies");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().has("access_token")).isFalse();
        assertThat(login.json().has("refresh_token")).isFalse();
        assertThat(login.json().path("user").path("username").asText()).isEqualTo("script-user");
        List<String> cookies = login.headers().allValues("set-cookie");
        String refresh = cookies.stream().filter(c -> c.startsWith("skyport_refresh=")).findFirst().orElseThrow()
                .replaceAll("^skyport_refresh=([^;]*).*", "$1");
        String csrf = cookies.stream().filter(c -> c.startsWith("skyport_csrf=")).findFirst().orElseThrow()
                .replaceAll("^skyport_csrf=([^;]*).*", "$1");
        assertThat(refresh).isNotBlank();

        Reply renewed = post("/auth/refresh", null, "Cookie", "skyport_refresh=" + refresh + "; skyport_csrf=" + csrf,
                "X-CSRF-Token", csrf);
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.body()).doesNotContain("access_token").doesNotContain("refresh_token");
        assertThat(renewed.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c).startsWith("skyport_access="));

        Reply bearer = post("/auth/login", json("login", "script-user", "password", PASSWORD));
        assertThat(bearer.json().path("access_token").asText()).isNotBlank();
        assertThat(bearer.json().path("refresh_token").asText()).isNotBlank();
    }

    @Test
    void a_cookie_authenticated_post_needs_the_csrf_token_and_a_bearer_one_does_not() {
        JsonNode session = verifiedUserLogsIn("csrf@example.com", "csrf-user");
        String access = session.path("access_token").asText();
        String csrf = session.path("csrf_token").asText();

        post("/auth/ws-ticket", null, "Cookie", "skyport_access=" + access + "; skyport_csrf=" + csrf)
                .isProblem(403, "csrf-token-mismatch");
        post("/auth/ws-ticket", null, "Cookie", "skyport_access=" + access + "; skyport_csrf=" + csrf,
                "X-CSRF-Token", "forged").isProblem(403, "csrf-token-mismatch");

        assertThat(post("/auth/ws-ticket", null, "Cookie", "skyport_access=" + access + "; skyport_csrf=" + csrf,
                "X-CSRF-Token", csrf).status()).isEqualTo(201);
        assertThat(post("/auth/ws-ticket", null, "Authorization", "Bearer " + access).status()).isEqualTo(201);
    }

    @Test
    void an_authorization_header_that_is_not_the_authenticating_bearer_token_does_not_skip_csrf() {
        JsonNode session = verifiedUserLogsIn("csrf2@example.com", "csrf-skipper");
        String access = session.path("access_token").asText();
        String cookies = "skyport_access=" + access + "; skyport_csrf=" + session.path("csrf_token").asText();
        post("/auth/ws-ticket", null, "Cookie", cookies, "Authorization", "Basic eDp5")
                .isProblem(403, "csrf-token-mismatch");
        post("/auth/ws-ticket", null, "Cookie", cookies, "Authorization", "Bearer garbage")
                .isProblem(403, "csrf-token-mismatch");
        post("/auth/logout", null, "Cookie", "skyport_refresh=" + session.path("refresh_token").asText(),
                "Authorization", "Bearer " + access).isProblem(403, "csrf-token-mismatch");
        // The refresh token still works: the forged logout changed nothing.
        assertThat(post("/auth/refresh", json("refresh_token", session.path("refresh_token").asText())).status())
                .isEqualTo(200);
    }

    @Test
    void a_websocket_ticket_opens_once_and_only_within_sixty_seconds() {
        JsonNode session = verifiedUserLogsIn("ticket@example.com", "ticket-holder");
        String bearer = "Bearer " + session.path("access_token").asText();
        String userId = session.path("user").path("id").asText();

        Reply issued = post("/auth/ws-ticket", null, "Authorization", bearer);
        assertThat(issued.status()).isEqualTo(201);
        String ticket = issued.json().path("ticket").asText();
        assertThat(tickets.redeem(ticket)).get().satisfies(holder -> {
            assertThat(holder.user()).isEqualTo(new UserId(userId));
            assertThat(holder.session()).as("the session that asked, so that its logout closes the connection")
                    .isPresent();
        });
        assertThat(tickets.redeem(ticket)).isEmpty();

        String late = post("/auth/ws-ticket", null, "Authorization", bearer).json().path("ticket").asText();
        clock.advance(java.time.Duration.ofSeconds(61));
        assertThat(tickets.redeem(late)).isEmpty();
    }

    @Test
    void a_ws_ticket_needs_authentication() {
        post("/auth/ws-ticket", null).isProblem(401, "unauthenticated");
    }

    @Test
    void an_email_listed_as_admin_gets_the_admin_role_once_verified_not_at_signup() {
        signUp("boss@example.com", "the-boss");
        // Anyone can type the address; until its owner opens the link the account is no admin.
        assertThat(users.findByEmail(new EmailAddress("boss@example.com")).orElseThrow().roles())
                .containsExactly(Role.USER);
        verify("boss@example.com");
        JsonNode session = post("/auth/login", json("login", "the-boss", "password", PASSWORD)).json();
        assertThat(session.path("user").path("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "USER");
        Reply caller = get("/auth/session", "Authorization", "Bearer " + session.path("access_token").asText());
        assertThat(caller.json().path("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "USER");
    }

    @Test
    void signing_up_with_a_taken_username_is_a_conflict_and_a_taken_email_reveals_nothing() {
        signUp("first@example.com", "taken-name");
        post("/auth/signup", json("email", "second@example.com", "username", "taken-name", "password", PASSWORD))
                .isProblem(409, "username-taken");

        Reply again = post("/auth/signup", json("email", "FIRST@example.com", "username", "other-name",
                "password", PASSWORD));
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).doesNotContain("taken").doesNotContain("exists");
    }
}
