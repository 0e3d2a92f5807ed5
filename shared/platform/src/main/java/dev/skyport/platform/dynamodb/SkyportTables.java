package dev.skyport.platform.dynamodb;

import java.util.List;
import java.util.Optional;

/** Every table of Skyport. One table per bounded context, so each function's role names only its own. */
public final class SkyportTables {

    /** Users, their e-mail and username guard items, verification links, refresh tokens, tickets, lockouts. */
    public static final TableDefinition USERS = new TableDefinition("users", "pk", "sk",
            List.of(new TableDefinition.GlobalIndex("byKind", "kind", "createdKey")),
            Optional.of("expiresAt"), false);

    /**
     * Cloud accounts of each user (metadata and the secret's ARN only), their name guards and count, and the
     * failed-verification counters (which expire).
     */
    public static final TableDefinition CLOUD_ACCOUNTS = new TableDefinition("cloud-accounts", "pk", "sk",
            List.of(), Optional.of("expiresAt"), false);

    /**
     * Clusters (their configuration, status and version), each cluster's history of transitions, and per owner the
     * name guards and the count of clusters that are not DELETED. Its stream (new and old images) carries every
     * status change to the stream publisher. Listed per owner, newest first, through {@code byOwner}; a run is
     * found from its task's CloudWatch log stream through {@code byLogStream} (sparse: only runs whose task named
     * its stream), so the task's log lines reach their owner live; clusters with an expiry are found by when they
     * expire through {@code byExpiry} (sparse: only those).
     */
    public static final TableDefinition CLUSTERS = new TableDefinition("clusters", "pk", "sk",
            List.of(new TableDefinition.GlobalIndex("byOwner", "owner", "createdKey"),
                    new TableDefinition.GlobalIndex("byLogStream", "logStream", "sk"),
                    new TableDefinition.GlobalIndex("byExpiry", "expiring", "expiryKey")),
            Optional.of("expiresAt"), true);

    /**
     * Each person's notifications, newest first (their ids are time-ordered), and the count of the unread ones;
     * they expire after 90 days.
     */
    public static final TableDefinition NOTIFICATIONS = new TableDefinition("notifications", "pk", "sk",
            List.of(), Optional.of("expiresAt"), false);

    /**
     * The open WebSocket connections: one item per connection (who, since when), gone on disconnect, on a push
     * that finds it closed (410), or by TTL after 2 hours (API Gateway closes a connection by then). A person's
     * connections are found through {@code byUser}.
     */
    public static final TableDefinition CONNECTIONS = new TableDefinition("connections", "pk", "sk",
            List.of(new TableDefinition.GlobalIndex("byUser", "user", "connectedKey")),
            Optional.of("expiresAt"), false);

    /**
     * The audit log: who did what, when, with what outcome (dev.skyport.audit). Append-only: the functions may put
     * new items (conditionally, never over an existing one) and query, nothing else, and items go after a year by
     * TTL. Its own table rather than a key space in another context's table, so that a role's grant on it says
     * exactly "append and read the audit log" and no other context's grant reaches it. Two ways in, both Queries:
     * <pre>
     *   pk = USER#owner | NOBODY#day   sk = at#id    a person's own entries, newest first, within a time range
     *   byDay: day = yyyy-MM-dd        sk = at#id    everyone's entries of a day (the admin's view and exports)
     * </pre>
     * {@code at} is a fixed-width UTC instant (millisecond precision), so the sort key orders by time. Its stream
     * feeds the archive (AWS only: every new entry is copied to an S3 bucket under Object Lock, kept for years).
     */
    public static final TableDefinition AUDIT = new TableDefinition("audit", "pk", "sk",
            List.of(new TableDefinition.GlobalIndex("byDay", "day", "sk")),
            Optional.of("expiresAt"), true);

    public static final List<TableDefinition> ALL = List.of(USERS, CLOUD_ACCOUNTS, CLUSTERS, NOTIFICATIONS,
            CONNECTIONS, AUDIT);

    public static TableDefinition byLogicalName(String logicalName) {
        return ALL.stream().filter(table -> table.logicalName().equals(logicalName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table is called " + logicalName));
    }

    private SkyportTables() {
    }
}
