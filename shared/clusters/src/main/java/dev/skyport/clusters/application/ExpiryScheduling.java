package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ExpiringCluster;
import dev.skyport.clusters.domain.ExpiryNotice;
import dev.skyport.clusters.domain.ExpiryTimetable;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps each cluster's expiry wake-up ({@link ExpirySchedules}) in step with the cluster as it is now: told that
 * something about a cluster's expiry changed (its {@code expires_at}, its status or protection, a notice told), it
 * reads the cluster and the notices of its current expiry again and makes the wake-up say {@link ExpiryTimetable}'s
 * next moment, or removes it. It trusts nothing in the news but the cluster's identity, so news that comes twice, late
 * or out of order makes the same wake-up.
 */
public class ExpiryScheduling {

    private final Clusters clusters;
    private final ExpirySchedules schedules;
    private final Clock clock;

    public ExpiryScheduling(Clusters clusters, ExpirySchedules schedules, Clock clock) {
        this.clusters = clusters;
        this.schedules = schedules;
        this.clock = clock;
    }

    /** Brings the cluster's wake-up in step; returns when it fires, empty when the cluster has none now. */
    public Optional<Instant> reconcile(ExpiringCluster subject) {
        Instant now = clock.instant();
        Optional<Instant> next = clusters.find(subject.owner(), subject.id())
                .flatMap(cluster -> ExpiryTimetable.next(cluster, told(cluster), now));
        if (next.isPresent()) {
            schedules.wakeAt(subject, next.get());
        } else {
            schedules.cancel(subject.id());
        }
        return next;
    }

    private Set<ExpiryNotice> told(Cluster cluster) {
        return cluster.safeguards().expiresAt().isPresent() ? clusters.noticesTold(cluster) : Set.of();
    }
}
