package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.ExpiringCluster;
import dev.skyport.clusters.domain.ExpiryNotice;
import dev.skyport.kernel.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets clusters expire: the owner is told a day and an hour before, and at the expiry a destroy starts by itself
 * (or, when deletion protection is on, the owner is told it was kept). The expiries are data (each cluster's
 * {@code expires_at}). In AWS a schedule per cluster wakes {@link #expire} at the cluster's next moment
 * ({@link dev.skyport.clusters.domain.ExpiryTimetable}), and a sweep of every cluster that expires within a day runs
 * as a backstop; locally the sweep runs every few seconds. Both act on the cluster as it is then, by the same rules,
 * so a restart, a missed or a repeated wake-up loses and doubles nothing: each notice is told once per expiry, and two
 * wake-ups at once start one destroy (the transition is conditional).
 */
public class ClusterExpiry {

    /** The farthest ahead a sweep looks: the first warning is a day before. */
    private static final Duration AHEAD = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterExpiry.class);

    private final Clusters clusters;
    private final ClusterRequests requests;
    private final Clock clock;

    public ClusterExpiry(Clusters clusters, ClusterRequests requests, Clock clock) {
        this.clusters = clusters;
        this.requests = requests;
        this.clock = clock;
    }

    /** What one sweep did. */
    public record Sweep(int told, int destroyed, int kept, int waiting) {
    }

    /** What the expiry did for one cluster. */
    public enum Outcome {
        /** Nothing was due (not yet, no longer, or already done). */
        NOTHING,
        /** A warning was told. */
        TOLD,
        /** Its destroy started, and the owner was told. */
        DESTROYED,
        /** Deletion protection kept it, and the owner was told. */
        KEPT,
        /** Due, but a run is under way or the cluster changed meanwhile: its next change wakes the expiry again. */
        WAITING
    }

    /** Does what is due now for one cluster, as it is now (a per-cluster schedule's wake-up). */
    public Outcome expire(ExpiringCluster subject) {
        return clusters.find(subject.owner(), subject.id()).map(cluster -> act(cluster, clock.instant()))
                .orElse(Outcome.NOTHING);
    }

    public Sweep sweep() {
        Instant now = clock.instant();
        int told = 0;
        int destroyed = 0;
        int kept = 0;
        int waiting = 0;
        for (Cluster listed : clusters.expiringBy(now.plus(AHEAD))) {
            // The index may lag: act on the cluster as it is now.
            Optional<Cluster> found = clusters.find(listed.owner(), listed.id());
            if (found.isEmpty()) {
                continue;
            }
            switch (act(found.get(), now)) {
                case TOLD -> told++;
                case DESTROYED -> {
                    told++;
                    destroyed++;
                }
                case KEPT -> {
                    told++;
                    kept++;
                }
                case WAITING -> waiting++;
                case NOTHING -> {
                }
            }
        }
        return new Sweep(told, destroyed, kept, waiting);
    }

    private Outcome act(Cluster cluster, Instant now) {
        // A destroy that failed (or was cancelled) is not started again by the expiry: the owner deletes it.
        if (cluster.status() == ClusterStatus.DELETED || cluster.status() == ClusterStatus.DELETING
                || cluster.status() == ClusterStatus.DELETE_FAILED || cluster.safeguards().expiresAt().isEmpty()) {
            return Outcome.NOTHING;
        }
        Instant expiresAt = cluster.safeguards().expiresAt().get();
        if (now.isBefore(expiresAt)) {
            Optional<ExpiryNotice> warning = ExpiryNotice.warningAt(now, expiresAt);
            return warning.isPresent() && clusters.noticeOnce(cluster, warning.get(), now) ? Outcome.TOLD
                    : Outcome.NOTHING;
        }
        if (cluster.safeguards().deletionProtection()) {
            return clusters.noticeOnce(cluster, ExpiryNotice.PROTECTED, now) ? Outcome.KEPT : Outcome.NOTHING;
        }
        if (cluster.status().isBusy()) {
            return Outcome.WAITING; // a run is under way: its end changes the cluster, and the expiry comes again
        }
        try {
            requests.expire(cluster);
            clusters.noticeOnce(cluster, ExpiryNotice.DUE, now);
            return Outcome.DESTROYED;
        } catch (DomainException changedMeanwhile) {
            // Changed (or protected, or a run started) since it was read: that change brings the expiry back.
            LOG.info("expired cluster {} not destroyed this time: {}", cluster.id(), changedMeanwhile.slug());
            return Outcome.WAITING;
        }
    }
}
