package dev.skyport.notifications.domain;

import dev.skyport.kernel.DomainException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kinds of event an outbound channel (a webhook or a Slack incoming webhook) can be sent: a cluster's status
 * change by the status it reached ({@code cluster.status.running}, ...), a failed run of any kind, an expiry warning,
 * a cloud account that failed its re-verification, and the account's security events. A channel names the kinds it
 * wants; {@link #TEST} is what "send a test event" sends, whatever the channel asked for.
 */
public final class ChannelKinds {

    /** The cluster statuses, as the clusters context names them; one kind each. */
    public static final List<String> CLUSTER_STATUSES = List.of("REQUESTED", "PROVISIONING", "RUNNING", "UPDATING",
            "FAILED", "UPDATE_FAILED", "DELETING", "DELETED", "DELETE_FAILED");
    public static final String STATUS_PREFIX = "cluster.status.";
    /** A run failed: the cluster reached FAILED, UPDATE_FAILED or DELETE_FAILED. */
    public static final String RUN_FAILED = "cluster.run-failed";
    /** A cluster's expiry is near, or came. */
    public static final String EXPIRING = "cluster.expiring";
    public static final String VERIFICATION_FAILED = "cloud-account.verification-failed";
    /** The account's password changed, was reset or set, or a Google account was linked. */
    public static final String SECURITY = "account.security";
    /** Sent by hand to try a channel. */
    public static final String TEST = "test";

    /** Every kind a channel may ask for. */
    public static final Set<String> ALL;

    static {
        Set<String> all = new TreeSet<>();
        CLUSTER_STATUSES.forEach(status -> all.add(statusKind(status)));
        all.addAll(List.of(RUN_FAILED, EXPIRING, VERIFICATION_FAILED, SECURITY));
        ALL = Set.copyOf(all);
    }

    private ChannelKinds() {
    }

    public static String statusKind(String status) {
        return STATUS_PREFIX + status.toLowerCase(Locale.ROOT);
    }

    /**
     * The kinds a person asked for, checked: at least one, each known.
     *
     * @throws DomainException naming the field {@code event_kinds} otherwise
     */
    public static Set<String> parse(List<String> kinds) {
        if (kinds == null || kinds.isEmpty()) {
            throw DomainException.invalid("invalid-event-kinds", "event_kinds must name at least one of " + ALL);
        }
        Set<String> parsed = new TreeSet<>();
        for (String kind : kinds) {
            if (kind == null || !ALL.contains(kind)) {
                throw DomainException.invalid("invalid-event-kinds", "event_kinds has an unknown kind; known are "
                        + new TreeSet<>(ALL));
            }
            parsed.add(kind);
        }
        return Set.copyOf(parsed);
    }
}
