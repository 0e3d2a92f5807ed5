package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.ExpiryNotice;
import dev.skyport.clusters.domain.Run;
import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The clusters people have, with their history and their runs. */
public interface Clusters {

    /**
     * Stores a cluster just asked for, with its first history event and its first run, in one transaction that also
     * holds its name among the owner's clusters, counts it against the owner's quota and in its cloud account (which
     * must still be there: the account's delete checks that count in its own transaction) and, when the request
     * carried an idempotency key, remembers the key.
     *
     * @throws dev.skyport.kernel.DomainException {@code cluster-name-taken} (409), {@code cluster-quota-reached}
     *                                            (429); nothing is stored then
     * @throws IdempotencyKeyTaken                when another request stored the same key first
     * @throws CloudAccountGone                   when the cloud account was deleted meanwhile; nothing is stored
     */
    void add(Cluster cluster, Run run, String actor, int quota, Optional<IdempotentRequest> idempotency);

    /** The cluster, if it exists and belongs to {@code owner}: someone else's is as absent as none. */
    Optional<Cluster> find(UserId owner, ClusterId id);

    /**
     * Stores a transition ({@code next} is {@code current.becoming(...)}, one version on) if the cluster is still as
     * {@code current} was read (same version), with its history event and, when given, the new state of a run; a
     * DELETED cluster frees its name and its place in the quota in the same transaction.
     *
     * @throws dev.skyport.kernel.DomainException {@code concurrent-change} (409) when the cluster changed meanwhile
     */
    default void transition(Cluster current, Cluster next, String actor, Optional<Run> run) {
        transition(current, next, actor, run, List.of());
    }

    /**
     * The same, for a change a person made ({@code next} is {@code current.changing(...)}): its history event says
     * what changed.
     */
    void transition(Cluster current, Cluster next, String actor, Optional<Run> run, List<String> changes);

    /**
     * Stores the new state of a run of the cluster (its current run, or a new plan) without moving the cluster, if
     * the cluster is still as {@code cluster} was read (same version).
     *
     * @throws dev.skyport.kernel.DomainException {@code concurrent-change} (409) when the cluster changed meanwhile
     */
    void recordRun(Cluster cluster, Run run);

    /**
     * Stores the new state of a plan run, if the run is still as {@code current} was read (same status): a plan
     * moves no cluster, and a report that comes late or twice changes nothing.
     *
     * @return whether it was stored
     */
    boolean recordPlan(UserId owner, Run current, Run next);

    /**
     * The owner's clusters, newest first: those in {@code status} when given, else all but the DELETED ones.
     *
     * @param cursor where the previous page ended, as returned in {@link ClusterPage#nextCursor()}
     * @throws dev.skyport.kernel.DomainException {@code invalid-cursor} (400) for a cursor this method did not make
     */
    ClusterPage page(UserId owner, Optional<ClusterStatus> status, Optional<String> cursor, int limit);

    /**
     * Every cluster with an expiry at or before {@code until}, soonest first, read page by page from an index: a
     * cluster may have changed since (read it again before acting on it).
     */
    List<Cluster> expiringBy(Instant until);

    /**
     * Keeps that the owner was told {@code notice} of the cluster's expiry, the first time only: the cluster's owner
     * hears of it through the published language ({@code cluster.expiring}).
     *
     * @return whether this was the first time
     */
    boolean noticeOnce(Cluster cluster, ExpiryNotice notice, Instant now);

    /** The notices told of the cluster's current expiry (none for another expiry, an earlier or a later one). */
    Set<ExpiryNotice> noticesTold(Cluster cluster);

    /** How many of the owner's clusters in this cloud account are not DELETED. */
    long activeIn(UserId owner, String cloudAccountId);

    /** The history of a cluster, oldest first. */
    List<ClusterEvent> events(ClusterId id);

    /** The cluster's runs, newest first, at most {@code limit}. */
    List<Run> runs(ClusterId id, int limit);

    /** One run of the cluster. */
    Optional<Run> run(ClusterId id, String runId);

    /** The cluster a request with this idempotency key created, while the key is remembered. */
    Optional<IdempotentRequest> idempotentRequest(UserId owner, String key);

    /**
     * A create request's idempotency key, the fingerprint of its body and the cluster it created.
     *
     * @param fingerprint the same for two requests that ask for the same cluster
     */
    record IdempotentRequest(String key, String fingerprint, ClusterId cluster) {
    }

    /** The cluster's cloud account was deleted before the create could commit; the caller answers as for none. */
    final class CloudAccountGone extends RuntimeException {
        public CloudAccountGone() {
            super("cloud account gone", null, false, false);
        }
    }

    /** Another request stored the same idempotency key first; the caller answers as that request did. */
    final class IdempotencyKeyTaken extends RuntimeException {
        public IdempotencyKeyTaken() {
            super("idempotency key taken", null, false, false);
        }
    }
}
