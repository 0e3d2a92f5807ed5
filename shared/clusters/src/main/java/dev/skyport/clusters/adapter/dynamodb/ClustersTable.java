package dev.skyport.clusters.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterName;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.CloudAccountInUse;
import dev.skyport.platform.dynamodb.SessionFamilyItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.dynamodb.UserHasClusters;
import jakarta.inject.Singleton;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The keys of the clusters table, in one place:
 * <pre>
 *   USER#owner     CLUSTER#id        a cluster: configuration, status, reason, version (the stream's subject)
 *   USER#owner     NAME#name         the name of a cluster that is not DELETED, unique per owner
 *   USER#owner     COUNT             how many of the owner's clusters are not DELETED (the quota)
 *   USER#owner     ACCOUNT#id        how many of the owner's clusters in that cloud account are not DELETED
 *                                    (the account's delete checks it: {@link CloudAccountInUse})
 *   USER#owner     IDEMPOTENCY#key   the cluster a create request with this Idempotency-Key made (expires)
 *   CLUSTER#id     EVENT#version     one transition of the cluster's history
 *   CLUSTER#id     RUN#runId         one run (apply, update, destroy, plan) of the cluster; run ids sort by time
 *   CLUSTER#id     EXPIRY#at#notice  a notice of the cluster's expiry at {@code at}, told once (expires)
 *   RUN#runId      LINE#seq          one line of a run's output, where the local platform keeps it (expires)
 * </pre>
 * The owner is part of every cluster key, so another user's cluster id finds nothing. Cluster items also carry
 * {@code owner} and {@code createdKey} ({@code <ISO instant>#<id>}): the {@code byOwner} index lists them newest
 * first; those with an expiry carry {@code expiring} and {@code expiryKey} ({@code <ISO instant>#<id>}), which the
 * {@code byExpiry} index lists soonest first.
 */
@Singleton
final class ClustersTable {

    static final String PK = SkyportTables.CLUSTERS.partitionKey();
    static final String SK = SkyportTables.CLUSTERS.sortKey();
    static final String BY_OWNER = SkyportTables.CLUSTERS.globalIndexes().getFirst().name();
    static final String CLUSTER_PREFIX = ClusterKeys.CLUSTER_PREFIX;
    /** Versions are zero-padded so that history items sort in order. */
    private static final String EVENT_FORMAT = "EVENT#%012d";

    private final String name;

    ClustersTable(TableNames names) {
        this.name = names.nameOf(SkyportTables.CLUSTERS);
    }

    String name() {
        return name;
    }

    static Map<String, AttributeValue> key(String partition, String sortKey) {
        return Map.of(PK, s(partition), SK, s(sortKey));
    }

    static Map<String, AttributeValue> cluster(UserId owner, ClusterId id) {
        return key(SessionFamilyItems.USER_PREFIX + owner.value(), CLUSTER_PREFIX + id.value());
    }

    static Map<String, AttributeValue> nameGuard(UserId owner, ClusterName name) {
        return key(SessionFamilyItems.USER_PREFIX + owner.value(), "NAME#" + name.value());
    }

    static Map<String, AttributeValue> count(UserId owner) {
        return UserHasClusters.clustersOf(owner); // the owner's account deletion checks this count
    }

    static String historyPartition(ClusterId id) {
        return CLUSTER_PREFIX + id.value();
    }

    static final String EVENT_PREFIX = "EVENT#";
    static final String RUN_PREFIX = ClusterKeys.RUN_PREFIX;
    static final String EXPIRY_PREFIX = "EXPIRY#";
    static final String BY_EXPIRY = SkyportTables.CLUSTERS.globalIndexes().stream()
            .filter(index -> index.name().equals("byExpiry")).findFirst().orElseThrow().name();
    /** The one value of {@code expiring}: the index holds clusters that expire, under one key. */
    static final String EXPIRING = "EXPIRING";

    static Map<String, AttributeValue> event(ClusterId id, long version) {
        return key(historyPartition(id), EVENT_FORMAT.formatted(version));
    }

    static Map<String, AttributeValue> run(ClusterId id, String runId) {
        return key(historyPartition(id), RUN_PREFIX + runId);
    }

    static Map<String, AttributeValue> expiryNotice(ClusterId id, String expiryKey, String notice) {
        return key(historyPartition(id), EXPIRY_PREFIX + expiryKey + "#" + notice);
    }

    /** Defined with the rule it keeps ({@link CloudAccountInUse}): the account's delete checks it. */
    static Map<String, AttributeValue> accountCount(UserId owner, String cloudAccountId) {
        return CloudAccountInUse.clustersIn(owner, cloudAccountId);
    }

    static Map<String, AttributeValue> idempotency(UserId owner, String key) {
        return key(SessionFamilyItems.USER_PREFIX + owner.value(), "IDEMPOTENCY#" + key);
    }

    static String logPartition(String runId) {
        return RUN_PREFIX + runId;
    }
}
