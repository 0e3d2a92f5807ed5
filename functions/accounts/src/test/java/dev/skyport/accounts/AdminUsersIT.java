package dev.skyport.accounts;

import static dev.skyport.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.Sessions;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MicronautTest
class AdminUsersIT extends AccountsApiTestBase {

    @Inject
    Sessions sessions;

    private Session admin;
    private Session user;

    @BeforeAll
    void people() {
        admin = signedIn("boss@example.com", "the-boss");
        clock.advance(Duration.ofSeconds(1));
        user = signedIn("plain@example.com", "plain");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            signedIn("extra" + i + "@example.com", "extra-" + i);
        }
    }

    @Test
    void only_admins_see_the_admin_routes() {
        api.get("/admin/users").isProblem(401, "unauthenticated");
        api.get("/admin/users", "Authorization", bearer(user)).isProblem(403, "forbidden");
        api.put("/admin/users/" + user.user().id().value() + "/roles", json("roles", List.of("USER", "ADMIN")),
                "Authorization", bearer(user)).isProblem(403, "forbidden");
    }

    @Test
    void users_are_listed_newest_first_page_by_page() {
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = api.get("/admin/users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    "Authorization", bearer(admin));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().path("users").size()).isLessThanOrEqualTo(2);
            page.json().path("users").forEach(u -> names.add(u.path("username").asText()));
            cursor = page.json().path("next_cursor").isTextual() ? page.json().path("next_cursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(names).containsSubsequence("extra-2", "extra-1", "extra-0", "plain", "the-boss")
                .doesNotHaveDuplicates();
    }

    @Test
    void bad_paging_input_is_a_400() {
        api.get("/admin/users?limit=0", "Authorization", bearer(admin)).isProblem(400, "invalid-limit");
        api.get("/admin/users?limit=1000", "Authorization", bearer(admin)).isProblem(400, "invalid-limit");
        api.get("/admin/users?cursor=!!!", "Authorization", bearer(admin)).isProblem(400, "invalid-cursor");
        api.get("/admin/users?limit=abc", "Authorization", bearer(admin)).isProblem(400, "malformed-request");
    }

    @Test
    void a_new_role_takes_effect_at_the_next_refresh_and_the_last_admin_stays() {
        Session promoted = signedIn("promoted@example.com", "promoted");
        String id = promoted.user().id().value();
        Reply changed = api.put("/admin/users/" + id + "/roles", json("roles", List.of("USER", "ADMIN")),
                "Authorization", bearer(admin));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "USER");

        api.get("/admin/users", "Authorization", bearer(promoted)).isProblem(403, "forbidden");
        Session refreshed = sessions.refresh(promoted.refreshToken());
        assertThat(api.get("/admin/users", "Authorization", bearer(refreshed)).status()).isEqualTo(200);

        // two admins: one may step down; then the other is the last one and may not
        assertThat(api.put("/admin/users/" + id + "/roles", json("roles", List.of("USER")),
                "Authorization", bearer(refreshed)).status()).isEqualTo(200);
        api.put("/admin/users/" + admin.user().id().value() + "/roles", json("roles", List.of("USER")),
                "Authorization", bearer(admin)).isProblem(409, "last-admin");
    }

    @Test
    void bad_role_changes_are_refused() {
        String id = user.user().id().value();
        api.put("/admin/users/" + id + "/roles", json("roles", List.of("ROOT")), "Authorization", bearer(admin))
                .isProblem(400, "invalid-roles");
        api.put("/admin/users/" + id + "/roles", json("roles", List.of("ADMIN")), "Authorization", bearer(admin))
                .isProblem(400, "invalid-roles");
        api.put("/admin/users/" + id + "/roles", json("roles", List.of()), "Authorization", bearer(admin))
                .isProblem(400, "invalid-roles");
        api.put("/admin/users/no-such-user/roles", json("roles", List.of("USER")), "Authorization", bearer(admin))
                .isProblem(404, "user-not-found");
    }
}
