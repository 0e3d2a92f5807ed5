package dev.skyport.platform.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class RouteScopesTest {

    @Test
    void every_kind_of_route_needs_its_scope_or_a_session() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("GET /clusters", "read");
        expected.put("GET /clusters/7c9e6679-7425-40de-944b-e07fc1f90ae7/runs", "read");
        expected.put("GET /me", "read");
        expected.put("GET /audit/export", "read");
        expected.put("POST /auth/ws-ticket", "read");
        expected.put("POST /clusters", "clusters:write");
        expected.put("DELETE /clusters/7c9e6679-7425-40de-944b-e07fc1f90ae7", "clusters:write");
        expected.put("POST /cloud-accounts", "cloud-accounts:write");
        expected.put("PUT /cloud-accounts/x/credentials", "cloud-accounts:write");
        expected.put("POST /notifications/read-all", "notifications:write");
        expected.put("GET /channels/endpoints", "read");
        expected.put("POST /channels/endpoints", "notifications:write");
        expected.put("POST /channels/endpoints/x/rotate-secret", "notifications:write");
        expected.put("DELETE /channels/endpoints/x", "notifications:write");
        expected.put("GET /me/notifications/email", "read");
        expected.put("PUT /me/notifications/email", "notifications:write");
        expected.put("GET /admin/users", "admin");
        expected.put("PUT /admin/users/x/roles", "admin");
        expected.put("GET /me/tokens", "session");
        expected.put("POST /me/tokens", "session");
        expected.put("DELETE /me/tokens/x", "session");
        expected.put("POST /me/mfa/totp", "session");
        expected.put("DELETE /me", "session");
        expected.put("POST /me/password", "session");
        expected.put("PATCH /me/username", "session");
        expected.put("POST /auth/logout", "session");
        expected.put("POST /auth/refresh", "session");
        expected.put("POST /clustersx", "session");
        expected.put("POST /somewhere-new", "session");
        SoftAssertions softly = new SoftAssertions();
        expected.forEach((route, scope) -> {
            String[] parts = route.split(" ");
            softly.assertThat(RouteScopes.required(parts[0], parts[1]).map(Object::toString).orElse("session"))
                    .as(route).isEqualTo(scope);
        });
        softly.assertAll();
        assertThat(RouteScopes.required("get", "/clusters")).isPresent();
    }
}
