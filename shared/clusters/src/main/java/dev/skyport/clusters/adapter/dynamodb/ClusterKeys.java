package dev.skyport.clusters.adapter.dynamodb;

/**
 * The sort-key prefixes of the clusters table's items that something outside this adapter must name: the stream's
 * filter (only cluster items carry status changes) and IAM conditions (a run's item). CDK takes them from here, so
 * the item layout is written once.
 */
public final class ClusterKeys {

    /** A cluster's own item ({@code USER#<owner>}, {@code CLUSTER#<id>}); also the partition of its history. */
    public static final String CLUSTER_PREFIX = "CLUSTER#";
    /** A run's item ({@code CLUSTER#<id>}, {@code RUN#<run id>}). */
    public static final String RUN_PREFIX = "RUN#";
    /**
     * A notice of a cluster's expiry ({@code CLUSTER#<id>}, {@code EXPIRY#<at>#<notice>}): the stream's consumers
     * hear of each one told.
     */
    public static final String EXPIRY_PREFIX = "EXPIRY#";

    private ClusterKeys() {
    }
}
