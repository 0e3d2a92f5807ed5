package dev.skyport.clusters.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.kernel.DomainException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A cluster request against the shipped catalogue: defaults filled in, and every refusal naming its field. */
class ClusterSpecTest {

    private static final Catalogue CATALOGUE = Catalogue.defaults();

    private static ClusterSpec.Request request(UnaryOperator<ClusterSpec.Request> change) {
        return change.apply(new ClusterSpec.Request("prod-eu", "eu-west-1", null, Optional.empty(), Optional.empty(),
                "acmestate", null, Optional.empty(), Optional.empty()));
    }

    private static ClusterSpec.Request with(ClusterSpec.Request r, String name, String region, String version) {
        return new ClusterSpec.Request(name, region, version, r.network(), r.nodeGroups(), r.stateBucket(),
                r.statePrefix(), r.addons(), r.tags());
    }

    private static ClusterSpec.Request withGroups(ClusterSpec.Request r, List<ClusterSpec.NodeGroupRequest> groups) {
        return new ClusterSpec.Request(r.name(), r.region(), r.kubernetesVersion(), r.network(), Optional.of(groups),
                r.stateBucket(), r.statePrefix(), r.addons(), r.tags());
    }

    private static ClusterSpec.Request withExtras(ClusterSpec.Request r, String bucket, String prefix,
                                                  List<String> addons, Map<String, String> tags) {
        return new ClusterSpec.Request(r.name(), r.region(), r.kubernetesVersion(), r.network(), r.nodeGroups(),
                bucket, prefix, Optional.of(addons), Optional.of(tags));
    }

    private static void refused(ClusterSpec.Request request, String provider, String slug, String field) {
        assertThatThrownBy(() -> ClusterSpec.of(request, provider, CATALOGUE))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.slug()).isEqualTo(slug))
                .hasMessageContaining(field);
    }

    private static ClusterSpec.NodeGroupRequest group(String name, String type, Integer min, Integer desired,
                                                      Integer max) {
        return new ClusterSpec.NodeGroupRequest(name, type, min, desired, max);
    }

    @Test
    void a_minimal_request_gets_the_newest_version_the_default_node_group_and_network() {
        ClusterSpec spec = ClusterSpec.of(request(r -> r), "aws", CATALOGUE);
        assertThat(spec.kubernetesVersion()).isEqualTo("1.33");
        assertThat(spec.nodeGroups()).containsExactly(new NodeGroup("default", "m6i.large", 1, 2, 3));
        assertThat(spec.network().vpcCidr()).hasToString("10.0.0.0/16");
        assertThat(spec.state().stateKey(new ClusterId("c-1"))).isEqualTo("skyport/c-1/terraform.tfstate");
        assertThat(spec.addons()).isEmpty();
    }

    @Test
    void names_regions_and_versions_come_from_the_rules_and_the_catalogue() {
        refused(request(r -> with(r, "Prod", "eu-west-1", null)), "aws", "invalid-name", "name");
        refused(request(r -> with(r, "ab", "eu-west-1", null)), "aws", "invalid-name", "name");
        refused(request(r -> with(r, "a".repeat(41), "eu-west-1", null)), "aws", "invalid-name", "name");
        refused(request(r -> with(r, "prod-", "eu-west-1", null)), "aws", "invalid-name", "name");
        refused(request(r -> with(r, "prod", "westeurope", null)), "aws", "invalid-region", "region");
        refused(request(r -> with(r, "prod", "eu-west-1", "1.20")), "aws", "invalid-kubernetes-version",
                "kubernetes_version");
        refused(request(r -> r), "oracle", "unsupported-provider", "cloud_account_id");
        assertThat(ClusterSpec.of(request(r -> with(r, "prod", "westeurope", "1.31")), "azure", CATALOGUE)
                .kubernetesVersion()).isEqualTo("1.31");
    }

    @Test
    void node_groups_are_one_to_five_well_ordered_sizes_of_the_providers_instance_types() {
        refused(request(r -> withGroups(r, List.of())), "aws", "invalid-node-groups", "node_groups");
        List<ClusterSpec.NodeGroupRequest> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(group("g" + i, "m6i.large", 1, 1, 1));
        }
        refused(request(r -> withGroups(r, six)), "aws", "invalid-node-groups", "node_groups");
        refused(request(r -> withGroups(r, List.of(group("a", "m6i.large", 3, 2, 4)))), "aws",
                "invalid-node-groups", "node_groups[0] needs min_size <= desired_size <= max_size");
        refused(request(r -> withGroups(r, List.of(group("a", "m6i.large", 0, 0, 101)))), "aws",
                "invalid-node-groups", "node_groups[0].max_size");
        refused(request(r -> withGroups(r, List.of(group("a", "m6i.large", -1, 0, 1)))), "aws",
                "invalid-node-groups", "node_groups[0].min_size");
        refused(request(r -> withGroups(r, List.of(group("a", "m6i.large", 1, null, 1)))), "aws",
                "invalid-node-groups", "node_groups[0].desired_size");
        refused(request(r -> withGroups(r, List.of(group("a", "m6i.large", 1, 1, 1),
                group("b", "Standard_D4s_v5", 1, 1, 1)))), "aws", "invalid-node-groups",
                "node_groups[1].instance_type");
        refused(request(r -> withGroups(r, List.of(group("a", "m6i.large", 1, 1, 1),
                group("a", "m6i.xlarge", 1, 1, 1)))), "aws", "invalid-node-groups", "node_groups[1].name");
        refused(request(r -> withGroups(r, List.of(group("Big Nodes", "m6i.large", 1, 1, 1)))), "aws",
                "invalid-node-groups", "node_groups[0].name");
        assertThat(ClusterSpec.of(request(r -> withGroups(with(r, "prod-eu", "europe-west1", null),
                        List.of(group("spot", "e2-standard-8", 0, 0, 100)))),
                "gcp", CATALOGUE).nodeGroups()).singleElement().satisfies(g -> assertThat(g.maxSize()).isEqualTo(100));
    }

    @Test
    void the_state_bucket_addons_and_tags_follow_the_providers_rules() {
        refused(request(r -> withExtras(r, null, null, List.of(), Map.of())), "aws", "invalid-state", "state.bucket");
        refused(request(r -> withExtras(r, "Upper_Case", null, List.of(), Map.of())), "aws", "invalid-state",
                "state.bucket");
        refused(request(r -> withExtras(with(r, "prod-eu", "westeurope", null), "acme-state", null, List.of(),
                Map.of())), "azure", "invalid-state",
                "state.bucket");
        refused(request(r -> withExtras(r, "acme", "../../other", List.of(), Map.of())), "aws", "invalid-state",
                "state.prefix");
        refused(request(r -> withExtras(r, "acme", null, List.of("bitcoin-miner"), Map.of())), "aws",
                "invalid-addons", "addons");
        refused(request(r -> withExtras(r, "acme", null, List.of("cert-manager", "cert-manager"), Map.of())), "aws",
                "invalid-addons", "addons[1]");
        refused(request(r -> withExtras(r, "acme", null, List.of(), Map.of("Team", "x"))), "aws", "invalid-tags",
                "tags");
        refused(request(r -> withExtras(r, "acme", null, List.of(), Map.of("skyport-owner", "me"))), "aws",
                "invalid-tags", "tags");
        refused(request(r -> withExtras(r, "acme", null, List.of(), Map.of("team", "Platform Team"))), "aws",
                "invalid-tags", "tags.team");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("k" + i, "v");
        }
        refused(request(r -> withExtras(r, "acme", null, List.of(), many)), "aws", "invalid-tags", "tags");

        ClusterSpec spec = ClusterSpec.of(request(r -> withExtras(with(r, "prod-eu", "westeurope", null), "acmestate",
                "teams/platform",
                List.of("cert-manager", "metrics-server"), Map.of("team", "platform"))), "azure", CATALOGUE);
        assertThat(spec.state().stateKey(new ClusterId("c-2"))).isEqualTo("teams/platform/skyport/c-2/terraform.tfstate");
        assertThat(spec.addons()).extracting(Catalogue.Addon::name).containsExactly("cert-manager", "metrics-server");
        assertThat(spec.tags()).containsEntry("team", "platform");
    }

    @Test
    void a_cluster_id_in_a_request_is_a_uuid_or_a_cluster_that_does_not_exist() {
        assertThatThrownBy(() -> ClusterId.parse("x".repeat(3000))).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.slug()).isEqualTo("cluster-not-found"));
        assertThat(ClusterId.parse("0F8FAD5B-D9CB-469F-A165-70867728950E").value())
                .isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
    }
}
