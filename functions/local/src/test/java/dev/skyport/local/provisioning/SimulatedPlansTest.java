package dev.skyport.local.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.ClusterChange;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.clusters.domain.Safeguards;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A simulated plan reads like Terraform's for Skyport's stacks: the right resources, the right actions, its counts. */
class SimulatedPlansTest {

    private static ClusterSpec spec(String provider, String region, String type) {
        return ClusterSpec.of(new ClusterSpec.Request("demo", region, "1.32", Optional.empty(), Optional.of(List.of(
                        new ClusterSpec.NodeGroupRequest("system", type, 1, 2, 3),
                        new ClusterSpec.NodeGroupRequest("batch", type, 0, 1, 5))), "tfstateacme", null,
                Optional.of(List.of("metrics-server")), Optional.empty()), provider, Catalogue.defaults());
    }

    private static RunPlan.Summary plan(ClusterSpec current, ClusterChange change) {
        ClusterSpec next = change.applyTo(current, Catalogue.defaults().of(current.provider()));
        return SimulatedPlans.of(current, new RunPlan(Run.Action.UPDATE, 3, next, Safeguards.none(), List.of(),
                Optional.empty()));
    }

    private static List<String> lines(RunPlan.Summary summary) {
        return summary.resources().stream().map(SimulatedPlans::line).toList();
    }

    @Test
    void an_upgrade_updates_the_control_plane_in_place_and_a_new_instance_type_replaces_its_node_group() {
        ClusterSpec aws = spec("aws", "eu-west-1", "m6i.large");
        RunPlan.Summary summary = plan(aws, new ClusterChange(Optional.of("1.33"), Optional.of(Map.of(
                "batch", ClusterChange.NodeGroupChange.of("m6i.xlarge", null, null, null),
                "gpu", ClusterChange.NodeGroupChange.of("g5.xlarge", 0, 0, 2))), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));

        assertThat(lines(summary)).containsExactly(
                "  # module.eks.module.eks.aws_eks_cluster.this[0] will be updated in-place",
                "  # module.eks.module.eks.module.eks_managed_node_group[\"batch\"].aws_eks_node_group.this[0] must be"
                        + " replaced",
                "  # module.eks.module.eks.module.eks_managed_node_group[\"gpu\"].aws_eks_node_group.this[0] will be"
                        + " created");
        assertThat(List.of(summary.add(), summary.change(), summary.destroy())).containsExactly(2, 1, 1);
    }

    @Test
    void aks_keeps_its_first_node_group_in_the_cluster_and_gke_adds_and_removes_add_ons_as_helm_releases() {
        ClusterSpec azure = spec("azure", "westeurope", "Standard_D4s_v5");
        RunPlan.Summary resized = plan(azure, new ClusterChange(Optional.empty(), Optional.of(Map.of(
                "system", ClusterChange.NodeGroupChange.of(null, null, 3, null),
                "batch", ClusterChange.NodeGroupChange.removal())), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(lines(resized)).containsExactly(
                "  # module.aks.azurerm_kubernetes_cluster.this will be updated in-place",
                "  # module.aks.azurerm_kubernetes_cluster_node_pool.user[\"batch\"] will be destroyed");

        ClusterSpec gcp = spec("gcp", "europe-west1", "e2-standard-4");
        RunPlan.Summary addons = plan(gcp, new ClusterChange(Optional.empty(), Optional.empty(),
                Optional.of(List.of("cert-manager")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
        assertThat(lines(addons)).containsExactly(
                "  # module.addons.helm_release.addon[\"cert-manager\"] will be created",
                "  # module.addons.helm_release.addon[\"metrics-server\"] will be destroyed");
    }

    @Test
    void a_destroy_removes_the_add_ons_the_node_groups_the_cluster_and_its_network() {
        ClusterSpec gcp = spec("gcp", "europe-west1", "e2-standard-4");
        RunPlan.Summary summary = SimulatedPlans.of(gcp, new RunPlan(Run.Action.DESTROY, 3, gcp, Safeguards.none(),
                List.of(), Optional.empty()));
        assertThat(summary.destroy()).isEqualTo(5);
        assertThat(summary.add()).isZero();
        assertThat(lines(summary).getLast()).isEqualTo("  # module.gke.google_compute_network.this will be destroyed");
    }
}
