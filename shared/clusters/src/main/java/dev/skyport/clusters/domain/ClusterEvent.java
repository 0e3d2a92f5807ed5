package dev.skyport.clusters.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One change of a cluster, kept as its history: when, who (a user id, or {@code workflow}), from, to, why, and what
 * a person changed ({@code kubernetes_version: 1.32 -> 1.33}, {@code deletion_protection: off -> on}). {@code from}
 * is empty for the request that created the cluster; {@code from} and {@code to} are the same for a change that
 * moved no status.
 */
public record ClusterEvent(ClusterId cluster, long version, Instant at, String actor, Optional<ClusterStatus> from,
                           ClusterStatus to, Optional<String> reason, List<String> changes) {

    public ClusterEvent {
        changes = List.copyOf(changes);
    }

    /** A transition that changed nothing but the status. */
    public ClusterEvent(ClusterId cluster, long version, Instant at, String actor, Optional<ClusterStatus> from,
                        ClusterStatus to, Optional<String> reason) {
        this(cluster, version, at, actor, from, to, reason, List.of());
    }
}
