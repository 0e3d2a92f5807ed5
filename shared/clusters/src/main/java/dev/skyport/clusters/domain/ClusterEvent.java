package dev.skyport.clusters.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One transition of a cluster, kept as its history: when, who (a user id, or {@code workflow}), from, to, why.
 * {@code from} is empty for the request that created the cluster.
 */
public record ClusterEvent(ClusterId cluster, long version, Instant at, String actor, Optional<ClusterStatus> from,
                           ClusterStatus to, Optional<String> reason) {
}
