package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterStatus;
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
 * {@code expires_at}), swept at a short interval (in AWS by a schedule, locally in-process), so a restart or a
 * missed sweep loses nothing: the next sweep does what is due. Each notice is told once per expiry, and a sweep run
 * twice at once starts one destroy (the transition is conditional).
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

    public Sweep sweep() {
        Instant now = clock.instant();
        int told = 0;
        int destroyed = 0;
        int kept = 0;
        int waiting = 0;
        for (Cluster listed : clusters.expiringBy(now.plus(AHEAD))) {
            // The index may lag: act on the cluster as it is now.
            // A destroy that failed (or was cancelled) is not started again by the expiry: the owner deletes it.
            Optional<Cluster> found = clusters.find(listed.owner(), listed.id())
                    .filter(cluster -> cluster.status() != ClusterStatus.DELETED
                            && cluster.status() != ClusterStatus.DELETING
                            && cluster.status() != ClusterStatus.DELETE_FAILED)
                    .filter(cluster -> cluster.safeguards().expiresAt().isPresent());
            if (found.isEmpty()) {
                continue;
            }
            Cluster cluster = found.get();
            Instant expiresAt = cluster.safeguards().expiresAt().get();
            Optional<ExpiryNotice> warning = ExpiryNotice.warningAt(now, expiresAt);
            if (warning.isPresent()) {
                told += clusters.noticeOnce(cluster, warning.get(), now) ? 1 : 0;
                continue;
            }
            if (cluster.safeguards().deletionProtection()) {
                if (clusters.noticeOnce(cluster, ExpiryNotice.PROTECTED, now)) {
                    told++;
                    kept++;
                }
                continue;
            }
            if (cluster.status().isBusy()) {
                waiting++; // a run is under way: the next sweep destroys it once the run is over
                continue;
            }
            try {
                requests.expire(cluster);
                told += clusters.noticeOnce(cluster, ExpiryNotice.DUE, now) ? 1 : 0;
                destroyed++;
            } catch (DomainException changedMeanwhile) {
                // Changed (or protected, or a run started) since it was read: the next sweep sees it as it is then.
                LOG.info("expired cluster {} not destroyed this time: {}", cluster.id(), changedMeanwhile.slug());
                waiting++;
            }
        }
        return new Sweep(told, destroyed, kept, waiting);
    }
}
