package dev.skyport.accounts;

import static dev.skyport.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.Session;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cursors, ids and fields of unexpected shape or size are a 4xx problem that changes nothing, never a 500: a user id
 * is a UUID (anything else is a user that does not exist), a cursor must be one the API made, fields have caps.
 */
@MicronautTest
class BoundedInputsIT extends AccountsApiTestBase {

    private Session admin;
    private Session user;

    @BeforeAll
    void people() {
        admin = signedIn("boss@example.com", "bounded-boss");
        user = signedIn("bounded-user@example.com", "bounded-user");
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_forged_or_over_long_cursor_is_a_400() {
        for (String cursor : List.of(base64("x#y"), base64("2026-01-01T00:00:00Z#not-a-uuid"),
                base64("yesterday#" + UUID.randomUUID()), base64("a".repeat(3000) + "#" + UUID.randomUUID()),
                "A".repeat(3000))) {
            api.get("/admin/users?cursor=" + cursor, "Authorization", bearer(admin)).isProblem(400, "invalid-cursor");
        }
        String wellFormed = base64("2026-01-01T00:00:00Z#" + UUID.randomUUID());
        assertThat(api.get("/admin/users?cursor=" + wellFormed, "Authorization", bearer(admin)).status())
                .isEqualTo(200);
    }

    @Test
    void a_user_id_that_is_no_uuid_is_a_user_that_does_not_exist() {
        for (String id : List.of("not-a-uuid", "x".repeat(3000), UUID.randomUUID().toString())) {
            api.put("/admin/users/" + id + "/roles", json("roles", List.of("USER")), "Authorization", bearer(admin))
                    .isProblem(404, "user-not-found");
        }
    }

    @Test
    void over_long_names_passwords_and_tokens_are_refused_and_change_nothing() {
        api.patch("/me/username", json("username", "n".repeat(3000)), "Authorization", bearer(user))
                .isProblem(400, "invalid-username");
        api.post("/me/password", json("current_password", "p".repeat(3000), "new_password", PASSWORD + "-new"),
                "Authorization", bearer(user)).isProblem(400, "invalid-password");
        api.post("/me/password", json("current_password", PASSWORD, "new_password", "p".repeat(3000)),
                "Authorization", bearer(user)).isProblem(400, "invalid-password");
        api.delete("/me", json("password", "p".repeat(3000)), "Authorization", bearer(user))
                .isProblem(400, "invalid-password");
        var hugeGoogleToken = api.delete("/me", json("google_id_token", "g".repeat(30_000)),
                "Authorization", bearer(user));
        assertThat(hugeGoogleToken.status()).as(hugeGoogleToken.body()).isBetween(400, 499);
        assertThat(hugeGoogleToken.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/me", "Authorization", bearer(user)).json().path("username").asText())
                .isEqualTo("bounded-user");
        assertThat(passwordLogin.login("bounded-user", new dev.skyport.identity.domain.PlainPassword(PASSWORD),
                "127.0.0.1").user().username().value()).isEqualTo("bounded-user");
    }
}
