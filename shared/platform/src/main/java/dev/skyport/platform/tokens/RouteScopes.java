package dev.skyport.platform.tokens;

import dev.skyport.kernel.TokenScope;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one map from a route to the scope a personal access token needs for it (issue 29). Read in order:
 * <ol>
 *   <li>session only (no token, whatever its scopes): managing tokens ({@code /me/tokens}), two-factor settings
 *       ({@code /me/mfa}), the account's own sign-in settings and deletion ({@code DELETE /me},
 *       {@code POST /me/password}, {@code PATCH /me/username}), and every other {@code /auth} write (a token
 *       neither signs in nor out);</li>
 *   <li>{@code /admin/**}: {@code admin}, reads and writes alike;</li>
 *   <li>every other read (GET, HEAD): {@code read};</li>
 *   <li>{@code POST /auth/ws-ticket}: {@code read} (a live connection only reads);</li>
 *   <li>writes by area: {@code /clusters/**} {@code clusters:write}, {@code /cloud-accounts/**}
 *       {@code cloud-accounts:write}, {@code /notifications/**}, {@code /channels/**} and
 *       {@code /me/notifications/**} (e-mail preferences) {@code notifications:write};</li>
 *   <li>any other write: session only, so that a new route is closed to tokens until it is named here.</li>
 * </ol>
 * An empty answer is "session only".
 */
public final class RouteScopes {

    private static final Set<String> READS = Set.of("GET", "HEAD");
    private static final List<String> SESSION_ONLY_AREAS = List.of("/me/tokens", "/me/mfa");
    private static final Map<String, TokenScope> WRITE_AREAS = Map.of(
            "/clusters", TokenScope.CLUSTERS_WRITE,
            "/cloud-accounts", TokenScope.CLOUD_ACCOUNTS_WRITE,
            "/notifications", TokenScope.NOTIFICATIONS_WRITE,
            // where notifications go: webhook and Slack endpoints, and which events are mailed (issue 28)
            "/channels", TokenScope.NOTIFICATIONS_WRITE,
            "/me/notifications", TokenScope.NOTIFICATIONS_WRITE);
    private static final String WS_TICKET = "/auth/ws-ticket";

    private RouteScopes() {
    }

    /** The scope a token needs for {@code method} on {@code path}; empty when no token may call it. */
    public static Optional<TokenScope> required(String method, String path) {
        String verb = method.toUpperCase(Locale.ROOT);
        if (SESSION_ONLY_AREAS.stream().anyMatch(area -> within(path, area))) {
            return Optional.empty();
        }
        if (within(path, "/admin")) {
            return Optional.of(TokenScope.ADMIN);
        }
        if (READS.contains(verb)) {
            return Optional.of(TokenScope.READ);
        }
        if (verb.equals("POST") && path.equals(WS_TICKET)) {
            return Optional.of(TokenScope.READ);
        }
        return WRITE_AREAS.entrySet().stream().filter(area -> within(path, area.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }

    private static boolean within(String path, String area) {
        return path.equals(area) || path.startsWith(area + "/");
    }
}
