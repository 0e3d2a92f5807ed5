package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a cluster is in its life. Every change is one of the arrows below; anything else is refused (409) and
 * changes nothing.
 * <pre>
 * REQUESTED -> PROVISIONING -> RUNNING -> DELETING -> DELETED
 *     |             |          ^   |          |         ^
 *     v             v          |   v          v         | (forced: what remains is the person's to remove)
 *   FAILED <--------+        UPDATING   DELETE_FAILED --+
 *                              |   ^          |
 *                              v   |          +--(delete again)--> DELETING
 *                          UPDATE_FAILED
 *   FAILED --(retry, or a change)--> PROVISIONING        FAILED --(delete)--> DELETING
 *   UPDATE_FAILED --(retry, or another change)--> UPDATING   UPDATE_FAILED --(delete)--> DELETING
 * </pre>
 * REQUESTED may fail before the workflow ever starts (it could not be started, or was cancelled). A change of what
 * only Skyport keeps (deletion protection, expiry) moves no status: the cluster stays where it is, one version on.
 */
public enum ClusterStatus {
    REQUESTED, PROVISIONING, RUNNING, UPDATING, UPDATE_FAILED, FAILED, DELETING, DELETED, DELETE_FAILED;

    private static final Map<ClusterStatus, Set<ClusterStatus>> NEXT = Map.of(
            REQUESTED, EnumSet.of(PROVISIONING, FAILED),
            PROVISIONING, EnumSet.of(RUNNING, FAILED),
            RUNNING, EnumSet.of(UPDATING, DELETING),
            UPDATING, EnumSet.of(RUNNING, UPDATE_FAILED),
            UPDATE_FAILED, EnumSet.of(UPDATING, DELETING),
            FAILED, EnumSet.of(PROVISIONING, DELETING),
            DELETING, EnumSet.of(DELETED, DELETE_FAILED),
            DELETE_FAILED, EnumSet.of(DELETING, DELETED),
            DELETED, EnumSet.noneOf(ClusterStatus.class));

    public boolean canBecome(ClusterStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Refuses an arrow the lifecycle does not have. */
    public void requireCanBecome(ClusterStatus next) {
        if (!canBecome(next)) {
            throw new DomainException(Failure.CONFLICT, "illegal-transition",
                    "a cluster that is " + this + " cannot become " + next + hint(next));
        }
    }

    private String hint(ClusterStatus next) {
        if (next == DELETING && isBusy()) {
            return "; cancel first";
        }
        return "";
    }

    /** A workflow run is (or is about to be) under way: the cluster can be cancelled, not deleted or retried. */
    public boolean isBusy() {
        return this == REQUESTED || this == PROVISIONING || this == UPDATING || this == DELETING;
    }

    /** The cluster's Kubernetes API serves: it runs, or a change of it is under way or failed part-way. */
    public boolean isServing() {
        return this == RUNNING || this == UPDATING || this == UPDATE_FAILED;
    }

    /** The cluster exists, or may still exist, in the cloud account: it counts against the quota and the name. */
    public boolean isActive() {
        return this != DELETED;
    }
}
