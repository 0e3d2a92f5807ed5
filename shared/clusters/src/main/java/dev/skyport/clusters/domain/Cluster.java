package dev.skyport.clusters.domain;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A person's cluster: what was asked for, in which cloud account, and where it is in its life. {@code version}
 * grows by one with every transition, so a change made on stale knowledge is refused.
 *
 * @param cloudAccountId the cloud-accounts context's id of the account the cluster lives in
 * @param reason         why the last transition happened (a failure's code, "cancelled", ...), when it says
 */
public record Cluster(ClusterId id, UserId owner, String cloudAccountId, ClusterSpec spec, ClusterStatus status,
                      Optional<String> reason, long version, Instant createdAt, Instant updatedAt) {

    /** A cluster just asked for. Times are kept to the millisecond, as they are stored. */
    public static Cluster requested(UserId owner, String cloudAccountId, ClusterSpec spec, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return new Cluster(ClusterId.generate(), owner, cloudAccountId, spec, ClusterStatus.REQUESTED,
                Optional.empty(), 1, at, at);
    }

    /** The cluster after a transition the lifecycle allows; refuses any other (409, nothing changes). */
    public Cluster becoming(ClusterStatus next, Optional<String> why, Instant at) {
        status.requireCanBecome(next);
        return new Cluster(id, owner, cloudAccountId, spec, next, why, version + 1, createdAt,
                at.truncatedTo(ChronoUnit.MILLIS));
    }
}
