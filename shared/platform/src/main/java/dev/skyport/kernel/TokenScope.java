package dev.skyport.kernel;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a personal access token may do (issue 29). Every route needs exactly one scope, or is for a signed-in
 * session only; {@code dev.skyport.platform.tokens.RouteScopes} says which, in one place.
 */
public enum TokenScope {
    /** Every read (GET) outside administration, and the WebSocket ticket. */
    READ("read"),
    /** Creating, changing, planning, deleting clusters and their runs. */
    CLUSTERS_WRITE("clusters:write"),
    /** Connecting, verifying, rotating and deleting cloud accounts. */
    CLOUD_ACCOUNTS_WRITE("cloud-accounts:write"),
    /** Marking notifications read and deleting them. */
    NOTIFICATIONS_WRITE("notifications:write"),
    /** Everything under /admin; only an ADMIN may hold a token with it, and it stops when they stop being one. */
    ADMIN("admin");

    private final String value;

    TokenScope(String value) {
        this.value = value;
    }

    /** The scope as clients write it. */
    public String value() {
        return value;
    }

    public static Optional<TokenScope> of(String value) {
        return Arrays.stream(values()).filter(scope -> scope.value.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return value;
    }
}
