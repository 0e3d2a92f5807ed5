package dev.skyport.clusters.domain;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A person's cluster: what is asked for, in which cloud account, and where it is in its life. {@code version}
 * grows by one with every change, so a change made on stale knowledge is refused.
 *
 * @param cloudAccountId the cloud-accounts context's id of the account the cluster lives in
 * @param spec           what the cluster is to be: after a change, what the current (or last) run applies
 * @param reason         why the last transition happened (a failure's code, "cancelled", ...), when it says
 * @param secretRef      where the cloud account's credentials are (a secret's ARN), never the credentials: the
 *                       provisioning task reads them with its own role
 * @param currentRun     the run that may move the cluster on, once one was asked for
 * @param outputs        what the last successful apply reported, once there was one
 * @param roleExternalId for a cloud account that is an AWS role: the external id its trust policy asks for
 * @param safeguards     deletion protection and expiry
 */
public record Cluster(ClusterId id, UserId owner, String cloudAccountId, String secretRef, ClusterSpec spec,
                      ClusterStatus status, Optional<String> reason, long version, Instant createdAt,
                      Instant updatedAt, Optional<String> currentRun, Optional<ClusterOutputs> outputs,
                      Optional<String> roleExternalId, Safeguards safeguards) {

    /** A cluster just asked for. Times are kept to the millisecond, as they are stored. */
    public static Cluster requested(UserId owner, String cloudAccountId, String secretRef, ClusterSpec spec,
                                    Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return new Cluster(ClusterId.generate(), owner, cloudAccountId, secretRef, spec, ClusterStatus.REQUESTED,
                Optional.empty(), 1, at, at, Optional.empty(), Optional.empty(), Optional.empty(),
                Safeguards.none());
    }

    /** The cluster after a transition the lifecycle allows; refuses any other (409, nothing changes). */
    public Cluster becoming(ClusterStatus next, Optional<String> why, Instant at) {
        status.requireCanBecome(next);
        return new Cluster(id, owner, cloudAccountId, secretRef, spec, next, why, version + 1, createdAt,
                at.truncatedTo(ChronoUnit.MILLIS), currentRun, outputs, roleExternalId, safeguards);
    }

    /**
     * The cluster after a change a person asked for, one version on: a new spec (applied by the run that
     * {@code next} names) and new safeguards. With {@code next} the current status, nothing but the safeguards may
     * change: no run changes the cluster then.
     */
    public Cluster changing(ClusterSpec newSpec, ClusterStatus next, Safeguards newSafeguards, Instant at) {
        if (next == status) {
            if (!newSpec.equals(spec)) {
                throw new IllegalArgumentException("a new spec needs a run");
            }
            return new Cluster(id, owner, cloudAccountId, secretRef, spec, status, reason, version + 1, createdAt,
                    at.truncatedTo(ChronoUnit.MILLIS), currentRun, outputs, roleExternalId, newSafeguards);
        }
        status.requireCanBecome(next);
        return new Cluster(id, owner, cloudAccountId, secretRef, newSpec, next, Optional.empty(), version + 1,
                createdAt, at.truncatedTo(ChronoUnit.MILLIS), currentRun, outputs, roleExternalId, newSafeguards);
    }

    /** The same cluster with {@code run} as its current run. */
    public Cluster runBy(Run run) {
        return new Cluster(id, owner, cloudAccountId, secretRef, spec, status, reason, version, createdAt, updatedAt,
                Optional.of(run.id()), outputs, roleExternalId, safeguards);
    }

    /** The same cluster with what its last apply reported. */
    public Cluster reporting(ClusterOutputs reported) {
        return new Cluster(id, owner, cloudAccountId, secretRef, spec, status, reason, version, createdAt, updatedAt,
                currentRun, Optional.of(reported), roleExternalId, safeguards);
    }

    /** The same cluster, in a cloud account that is an AWS role assumed with {@code externalId}. */
    public Cluster assumingRoleWith(Optional<String> externalId) {
        return new Cluster(id, owner, cloudAccountId, secretRef, spec, status, reason, version, createdAt, updatedAt,
                currentRun, outputs, externalId, safeguards);
    }

    /** The same cluster, guarded as {@code guards} say (a new cluster's choice). */
    public Cluster guardedBy(Safeguards guards) {
        return new Cluster(id, owner, cloudAccountId, secretRef, spec, status, reason, version, createdAt, updatedAt,
                currentRun, outputs, roleExternalId, guards);
    }

    /** Whether {@code runId} is the run that may move this cluster on. */
    public boolean isRunBy(String runId) {
        return currentRun.filter(runId::equals).isPresent();
    }
}
