package dev.skyport.audit.application;

import dev.skyport.audit.domain.Actor;
import dev.skyport.audit.domain.AuditEntry;
import dev.skyport.audit.domain.Outcome;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's use cases: record an entry (never failing the caller) and read entries back, a person their own,
 * an administrator everyone's. Every filter is checked here, before anything reaches the store, and a wrong one is a
 * 400 naming the parameter.
 */
public class AuditLog {

    /**
     * The one line logged when an entry could not be kept. In AWS a metric filter on each function's log group counts
     * it and an alarm goes off (SkyportFunction.recordAudit): the word is shared, so it lives here.
     */
    public static final String NOT_RECORDED = "audit-entry-not-recorded";
    /** Most entries one page carries. */
    public static final int MAX_PAGE = 100;
    /** Most entries one export carries; the rest follows from its cursor. */
    public static final int MAX_EXPORT = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9.-]{0,63}");
    private static final Pattern RESOURCE = Pattern.compile("/[A-Za-z0-9/_.{}-]{0,255}");

    private final AuditTrail trail;
    private final Clock clock;

    public AuditLog(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    /**
     * Keeps the entry. A failure to keep it does not reach the caller (what was done is done, and its answer stands):
     * it is logged as {@value #NOT_RECORDED}, with what the entry was about but no more, and counted in AWS.
     *
     * @return whether the entry was kept
     */
    public boolean record(AuditEntry entry) {
        try {
            trail.append(entry);
            return true;
        } catch (RuntimeException e) {
            LOG.error("{}: {} {} by {} at {} (request {}): {}", NOT_RECORDED, entry.action(), entry.resource(),
                    entry.actor().kind(), entry.at(), entry.requestId().orElse("-"), e.getClass().getSimpleName());
            return false;
        }
    }

    /** The action of a cluster's status change, as the log names it. */
    public static final String CLUSTER_TRANSITION = "clusterTransition";

    /**
     * Records a workflow transition: a cluster's status change, as the clusters table's stream carries every one of
     * them (the provisioning workflow's reports, its backstop, the expiry sweep, and the changes a person's request
     * started, whose request has its own entry). The entry's id comes from the event's, so an event handled twice
     * is kept once. Only the statuses and the run are kept: a failure's reason holds a tool's output, which the log
     * has no need of (the cluster's history has it).
     *
     * @return whether the event was a transition and its entry was kept
     */
    public boolean recordTransition(DomainEvent event) {
        if (!(event.payload().orElse(null) instanceof PlatformEvent.ClusterStatusChanged changed)) {
            return false;
        }
        String detail = changed.previous().map(previous -> previous + " -> ").orElse("") + changed.status()
                + changed.runId().map(run -> " (run " + run + ")").orElse("");
        return record(new AuditEntry(UUID.nameUUIDFromBytes(("transition " + event.id())
                .getBytes(StandardCharsets.UTF_8)).toString(), event.occurredAt(), Optional.of(changed.subject()),
                new Actor.Workflow(), CLUSTER_TRANSITION, "/clusters/" + changed.clusterId(),
                new Outcome.Done(0), Optional.of(detail), Optional.empty(), Optional.empty(),
                Optional.of(event.id())));
    }

    /** Filters as the API takes them, text or absent; {@link #query} checks them. */
    public record Filters(String from, String to, String action, String resource, String cursor, Integer limit) {
    }

    /** The caller's own entries. */
    public AuditTrail.Page mine(UserId caller, Filters filters) {
        return seenBy(caller, trail.owned(caller, query(filters, MAX_PAGE, 20)));
    }

    /** Everyone's entries, or one person's ({@code user}), for an administrator (the route checks the role). */
    public AuditTrail.Page everyone(Optional<String> user, Filters filters) {
        AuditQuery query = query(filters, MAX_PAGE, 20);
        return user.isPresent() ? trail.owned(person(user.get()), query) : trail.everyone(query);
    }

    /** The caller's own entries of a time range, for an export. */
    public AuditTrail.Page exportMine(UserId caller, Filters filters) {
        return seenBy(caller, trail.owned(caller, query(filters, MAX_EXPORT, MAX_EXPORT)));
    }

    private static AuditTrail.Page seenBy(UserId caller, AuditTrail.Page page) {
        return new AuditTrail.Page(page.entries().stream().map(entry -> entry.seenBy(caller)).toList(),
                page.nextCursor());
    }

    /** Everyone's (or one person's) entries of a time range, for an administrator's export. */
    public AuditTrail.Page exportEveryone(Optional<String> user, Filters filters) {
        AuditQuery query = query(filters, MAX_EXPORT, MAX_EXPORT);
        return user.isPresent() ? trail.owned(person(user.get()), query) : trail.everyone(query);
    }

    /**
     * The query the filters ask for. The range defaults to the whole retention period up to now; it may not start
     * after it ends, nor reach further back than entries are kept.
     */
    AuditQuery query(Filters filters, int maxLimit, int defaultLimit) {
        Instant now = clock.instant();
        Instant to = filters.to() == null ? now : instant("to", filters.to());
        Instant from = filters.from() == null ? to.minus(AuditEntry.KEPT) : instant("from", filters.from());
        if (from.isAfter(to)) {
            throw DomainException.invalid("invalid-time-range", "from must not be after to");
        }
        if (from.isBefore(to.minus(AuditEntry.KEPT))) {
            from = to.minus(AuditEntry.KEPT); // nothing older is kept: read no further
        }
        Optional<String> action = Optional.ofNullable(filters.action());
        if (action.isPresent() && !ACTION.matcher(action.get()).matches()) {
            throw DomainException.invalid("invalid-filter", "action must be an operation name such as createCluster"
                    + " (letters, digits, '.' and '-', at most 64)");
        }
        Optional<String> resource = Optional.ofNullable(filters.resource());
        if (resource.isPresent() && !RESOURCE.matcher(resource.get()).matches()) {
            throw DomainException.invalid("invalid-filter", "resource must be a path such as /clusters/<id>"
                    + " (letters, digits, '/', '_', '.', '-', at most 256)");
        }
        int limit = filters.limit() == null ? defaultLimit : filters.limit();
        if (limit < 1 || limit > maxLimit) {
            throw DomainException.invalid("invalid-limit", "limit must be between 1 and " + maxLimit);
        }
        Optional<String> cursor = Optional.ofNullable(filters.cursor());
        return new AuditQuery(from, to, action, resource, cursor, limit);
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw DomainException.invalid("invalid-time-range", name
                    + " must be an ISO-8601 instant in UTC, such as 2026-01-31T12:00:00Z");
        }
    }

    private static UserId person(String user) {
        if (!UuidText.matches(user)) {
            throw DomainException.invalid("invalid-filter", "user must be a person's id (a UUID)");
        }
        return new UserId(user);
    }
}
