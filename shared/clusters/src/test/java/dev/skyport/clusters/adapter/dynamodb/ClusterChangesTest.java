package dev.skyport.clusters.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ExpiringCluster;
import dev.skyport.kernel.UserId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Which stream records may move a cluster's expiry schedule. */
class ClusterChangesTest {

    private static final String OWNER = "5f1c0d2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5";
    private static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final ExpiringCluster CLUSTER = new ExpiringCluster(new UserId(OWNER), new ClusterId(ID));

    private static Map<String, AttributeValue> cluster(String status, Long destroyAt, boolean protection) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of("pk", AttributeValue.fromS("USER#" + OWNER),
                "sk", AttributeValue.fromS("CLUSTER#" + ID), "id", AttributeValue.fromS(ID),
                "owner", AttributeValue.fromS(OWNER), "status", AttributeValue.fromS(status),
                "deletionProtection", AttributeValue.fromBool(protection),
                "currentRun", AttributeValue.fromS("run-1")));
        if (destroyAt != null) {
            item.put(ClusterItems.DESTROY_AT, AttributeValue.fromN(String.valueOf(destroyAt)));
        }
        return item;
    }

    @Test
    void a_new_cluster_with_an_expiry_and_a_change_of_its_expiry_status_or_protection_concern_it() {
        assertThat(ClusterChanges.expiryConcern(null, cluster("REQUESTED", 1L, false))).contains(CLUSTER);
        assertThat(ClusterChanges.expiryConcern(cluster("RUNNING", 1L, false), cluster("RUNNING", 2L, false)))
                .contains(CLUSTER);
        assertThat(ClusterChanges.expiryConcern(cluster("RUNNING", 1L, false), cluster("RUNNING", null, false)))
                .as("an expiry cleared").contains(CLUSTER);
        assertThat(ClusterChanges.expiryConcern(cluster("RUNNING", 1L, false), cluster("DELETING", 1L, false)))
                .contains(CLUSTER);
        assertThat(ClusterChanges.expiryConcern(cluster("RUNNING", 1L, false), cluster("RUNNING", 1L, true)))
                .contains(CLUSTER);
        assertThat(ClusterChanges.expiryConcern(cluster("RUNNING", 1L, false), null)).as("removed")
                .contains(CLUSTER);
    }

    @Test
    void a_new_notice_concerns_its_cluster_and_nothing_else_does() {
        Map<String, AttributeValue> notice = Map.of("pk", AttributeValue.fromS("CLUSTER#" + ID),
                "sk", AttributeValue.fromS("EXPIRY#2027-01-31T18:00:00.000Z#within-a-day"),
                "owner", AttributeValue.fromS(OWNER), "clusterId", AttributeValue.fromS(ID));
        assertThat(ClusterChanges.expiryConcern(null, notice)).contains(CLUSTER);
        assertThat(ClusterChanges.expiryConcern(notice, null)).as("a notice expiring (TTL)").isEmpty();
        assertThat(ClusterChanges.expiryConcern(cluster("RUNNING", null, false), cluster("UPDATING", null, true)))
                .as("a cluster that never expires").isEmpty();
        Map<String, AttributeValue> otherRun = cluster("RUNNING", 1L, false);
        otherRun.put("currentRun", AttributeValue.fromS("run-2"));
        assertThat(ClusterChanges.expiryConcern(cluster("RUNNING", 1L, false), otherRun))
                .as("nothing the expiry depends on").isEmpty();
        assertThat(ClusterChanges.expiryConcern(null, Map.of("pk", AttributeValue.fromS("CLUSTER#" + ID),
                "sk", AttributeValue.fromS("EVENT#000000000001")))).isEmpty();
    }
}
