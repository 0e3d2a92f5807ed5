package dev.skyport.clusters.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * When a cluster's expiry next needs Skyport: the day's warning ({@code expires_at} - 24 h), the hour's warning
 * ({@code expires_at} - 1 h), then the expiry itself. The same rules as the sweep ({@link ExpiryNotice#warningAt}):
 * a warning not told while its time lasts is due at once, one whose time has passed is never told, and the expiry is
 * due until a destroy started (or, with deletion protection on, until the owner was told the cluster was kept).
 * This is what a per-cluster schedule is derived from: it is a pure function of the cluster as it is, the notices
 * told of its current expiry and the time, so working it out again changes nothing.
 */
public final class ExpiryTimetable {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private ExpiryTimetable() {
    }

    /**
     * The next moment at which the expiry has something to do for this cluster; it may be {@code now} or earlier
     * (due at once). None when the cluster has no expiry, is gone or going, waits for a run under way after its
     * expiry came (the run's end changes the cluster, which asks again), or everything of this expiry was done.
     *
     * @param told the notices already told of the cluster's current expiry
     */
    public static Optional<Instant> next(Cluster cluster, Set<ExpiryNotice> told, Instant now) {
        ClusterStatus status = cluster.status();
        if (status == ClusterStatus.DELETED || status == ClusterStatus.DELETING
                || status == ClusterStatus.DELETE_FAILED || cluster.safeguards().expiresAt().isEmpty()) {
            return Optional.empty();
        }
        Instant expiresAt = cluster.safeguards().expiresAt().get();
        Instant dayBefore = expiresAt.minus(DAY);
        Instant hourBefore = expiresAt.minus(HOUR);
        if (now.isBefore(hourBefore) && !told.contains(ExpiryNotice.WITHIN_A_DAY)) {
            return Optional.of(dayBefore);
        }
        if (now.isBefore(expiresAt) && !told.contains(ExpiryNotice.WITHIN_AN_HOUR)) {
            return Optional.of(hourBefore);
        }
        if (told.contains(ExpiryNotice.DUE)
                || cluster.safeguards().deletionProtection() && told.contains(ExpiryNotice.PROTECTED)) {
            return Optional.empty();
        }
        if (!now.isBefore(expiresAt) && status.isBusy()) {
            return Optional.empty();
        }
        return Optional.of(expiresAt);
    }
}
