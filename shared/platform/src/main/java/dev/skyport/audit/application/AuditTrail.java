package dev.skyport.audit.application;

import dev.skyport.audit.domain.AuditEntry;
import dev.skyport.kernel.UserId;
import java.util.List;
import java.util.Optional;

/** Where audit entries are kept: appended, never changed, read newest first. */
public interface AuditTrail {

    /**
     * Keeps the entry, unless one with its id is kept already (a repeat, which changes nothing).
     *
     * @throws RuntimeException when the store cannot be written
     */
    void append(AuditEntry entry);

    /** One person's entries within the query's time range, newest first. */
    Page owned(UserId owner, AuditQuery query);

    /** Everyone's entries within the query's time range, newest first. */
    Page everyone(AuditQuery query);

    /** A page of entries and, when there may be more, the cursor of the next page. */
    record Page(List<AuditEntry> entries, Optional<String> nextCursor) {
        public Page {
            entries = List.copyOf(entries);
        }
    }
}
