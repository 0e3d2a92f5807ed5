package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.kernel.UserId;
import java.util.List;
import java.util.Optional;

/** The clusters people have, with their history. */
public interface Clusters {

    /**
     * Stores a cluster just asked for, with its first history event, in one transaction that also holds its name
     * among the owner's clusters and counts it against the owner's quota.
     *
     * @throws dev.skyport.kernel.DomainException {@code cluster-name-taken} (409) or {@code cluster-quota-reached}
     *                                            (429); nothing is stored then
     */
    void add(Cluster cluster, String actor, int quota);

    /** The cluster, if it exists and belongs to {@code owner}: someone else's is as absent as none. */
    Optional<Cluster> find(UserId owner, ClusterId id);

    /**
     * Stores a transition ({@code next} is {@code current.becoming(...)}) if the cluster is still as
     * {@code current} was read (same version), with its history event; a DELETED cluster frees its name and its
     * place in the quota in the same transaction.
     *
     * @throws dev.skyport.kernel.DomainException {@code concurrent-change} (409) when the cluster changed meanwhile
     */
    void transition(Cluster current, Cluster next, String actor);

    /**
     * The owner's clusters, newest first: those in {@code status} when given, else all but the DELETED ones.
     *
     * @param cursor where the previous page ended, as returned in {@link ClusterPage#nextCursor()}
     * @throws dev.skyport.kernel.DomainException {@code invalid-cursor} (400) for a cursor this method did not make
     */
    ClusterPage page(UserId owner, Optional<ClusterStatus> status, Optional<String> cursor, int limit);

    /** The history of a cluster, oldest first. */
    List<ClusterEvent> events(ClusterId id);
}
