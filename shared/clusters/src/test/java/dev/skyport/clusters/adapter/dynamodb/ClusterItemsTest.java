package dev.skyport.clusters.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterOutputs;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A cluster's item, written and read back, and the items written before a field existed. */
class ClusterItemsTest {

    private static final ClusterOutputs GKE = new ClusterOutputs("https://34.1.2.3",
            "https://container.googleapis.com/v1/projects/acme-prod/locations/europe-west1/clusters/demo", "1.33",
            "https://console.cloud.google.com/kubernetes/clusters/details/europe-west1/demo/details", "TFMwdA==",
            "demo", "europe-west1", "", "acme-prod");

    private static Cluster running(ClusterOutputs outputs) {
        ClusterSpec spec = ClusterSpec.of(new ClusterSpec.Request("demo", "europe-west1", null, Optional.empty(),
                Optional.empty(), "acme-state", null, Optional.empty(), Optional.empty()), "gcp",
                Catalogue.defaults());
        Cluster requested = Cluster.requested(UserId.generate(), "b5bd7f3c-6a54-4bb2-8f0e-2ad4a9d6f3a1", "ref", spec,
                Instant.parse("2026-11-23T10:00:00Z"));
        return requested.becoming(ClusterStatus.PROVISIONING, Optional.empty(), requested.createdAt())
                .becoming(ClusterStatus.RUNNING, Optional.empty(), requested.createdAt()).reporting(outputs);
    }

    @Test
    void outputs_with_what_a_kubeconfig_needs_are_stored_and_read_back_whole() {
        Cluster cluster = running(GKE);
        assertThat(ClusterItems.cluster(ClusterItems.item(cluster))).isEqualTo(cluster);
    }

    @Test
    void outputs_stored_before_the_kubeconfig_fields_existed_still_read_with_those_fields_empty() {
        Map<String, AttributeValue> item = new HashMap<>(ClusterItems.item(running(GKE)));
        item.put("outputs", AttributeValue.fromM(Map.of("endpoint", AttributeValue.fromS(GKE.endpoint()),
                "resourceId", AttributeValue.fromS(GKE.resourceId()), "kubernetesVersion", AttributeValue.fromS("1.33"),
                "consoleUrl", AttributeValue.fromS(GKE.consoleUrl()))));

        ClusterOutputs read = ClusterItems.cluster(item).outputs().orElseThrow();

        assertThat(read).isEqualTo(new ClusterOutputs(GKE.endpoint(), GKE.resourceId(), "1.33", GKE.consoleUrl(),
                "", "", "", "", ""));
        assertThat(read.hasCertificateAuthority()).isFalse();
    }
}
