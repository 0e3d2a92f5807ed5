package dev.skyport.audit.application;

import java.time.Instant;
import java.util.Optional;

/**
 * What to read of the audit log: a time range (both ends included), optionally one action and the resources under
 * a path, from a cursor on, at most {@code limit} entries. Built and checked by {@link AuditLog}.
 */
public record AuditQuery(Instant from, Instant to, Optional<String> action, Optional<String> resource,
                         Optional<String> cursor, int limit) {

    /** Whether an entry's action and resource are the ones asked for (the time range is the store's to apply). */
    public boolean matches(String entryAction, String entryResource) {
        return action.map(entryAction::equals).orElse(true)
                && resource.map(prefix -> entryResource.equals(prefix) || entryResource.startsWith(
                        prefix.endsWith("/") ? prefix : prefix + "/")).orElse(true);
    }
}
