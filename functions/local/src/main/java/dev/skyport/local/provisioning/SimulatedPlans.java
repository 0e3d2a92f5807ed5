package dev.skyport.local.provisioning;

import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.NodeGroup;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.clusters.domain.RunPlan.ResourceAction;
import dev.skyport.clusters.domain.RunPlan.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Development only: what {@code terraform plan} would say of a change or a destroy of a cluster, worked out from the
 * two specs with the resource addresses of Skyport's own stacks ({@code terraform-image/terraform}), so a simulated
 * plan reads like a real one: an upgrade updates the control plane in place, a new instance type replaces a node
 * group, a resized group is updated, an add-on is a Helm release.
 */
final class SimulatedPlans {

    private SimulatedPlans() {
    }

    /** The addresses of one provider's stack. */
    private record Addresses(String cluster, String network, String nodeGroupPrefix, String nodeGroupSuffix,
                             boolean firstGroupInCluster) {

        String nodeGroup(String name) {
            return nodeGroupPrefix + "[\"" + name + "\"]" + nodeGroupSuffix;
        }

        static Addresses of(String provider) {
            return switch (provider) {
                case "aws" -> new Addresses("module.eks.module.eks.aws_eks_cluster.this[0]",
                        "module.eks.module.vpc.aws_vpc.this[0]", "module.eks.module.eks.module.eks_managed_node_group",
                        ".aws_eks_node_group.this[0]", false);
                case "azure" -> new Addresses("module.aks.azurerm_kubernetes_cluster.this",
                        "module.aks.azurerm_virtual_network.this", "module.aks.azurerm_kubernetes_cluster_node_pool.user",
                        "", true);
                default -> new Addresses("module.gke.google_container_cluster.this",
                        "module.gke.google_compute_network.this", "module.gke.google_container_node_pool.groups", "",
                        false);
            };
        }
    }

    private static String addon(String name) {
        return "module.addons.helm_release.addon[\"" + name + "\"]";
    }

    /** What the plan of {@code plan} would do to a cluster that is as {@code current} says. */
    static RunPlan.Summary of(ClusterSpec current, RunPlan plan) {
        Addresses at = Addresses.of(current.provider());
        Map<String, ResourceAction> changes = new LinkedHashMap<>();
        if (plan.of() == Run.Action.DESTROY) {
            current.addons().forEach(addon -> changes.put(addon(addon.name()), ResourceAction.DELETE));
            groups(current, at).forEach(group -> changes.put(at.nodeGroup(group.name()), ResourceAction.DELETE));
            changes.put(at.cluster(), ResourceAction.DELETE);
            changes.put(at.network(), ResourceAction.DELETE);
            return summary(changes);
        }
        ClusterSpec next = plan.spec();
        if (!current.kubernetesVersion().equals(next.kubernetesVersion()) || !current.tags().equals(next.tags())
                || !current.apiAccess().equals(next.apiAccess())) {
            changes.put(at.cluster(), ResourceAction.UPDATE);
        }
        if (at.firstGroupInCluster() && !current.nodeGroups().getFirst().equals(next.nodeGroups().getFirst())) {
            // AKS keeps its first node group inside the cluster: rotated through a temporary pool, in place.
            changes.put(at.cluster(), ResourceAction.UPDATE);
        }
        Map<String, NodeGroup> before = new LinkedHashMap<>();
        groups(current, at).forEach(group -> before.put(group.name(), group));
        for (NodeGroup group : groups(next, at)) {
            NodeGroup was = before.remove(group.name());
            if (was == null) {
                changes.put(at.nodeGroup(group.name()), ResourceAction.CREATE);
            } else if (!was.instanceType().equals(group.instanceType())) {
                changes.put(at.nodeGroup(group.name()), ResourceAction.REPLACE);
            } else if (!was.equals(group)) {
                changes.put(at.nodeGroup(group.name()), ResourceAction.UPDATE);
            }
        }
        before.keySet().forEach(name -> changes.put(at.nodeGroup(name), ResourceAction.DELETE));
        List<String> addonsBefore = current.addons().stream().map(Catalogue.Addon::name).toList();
        List<String> addonsAfter = next.addons().stream().map(Catalogue.Addon::name).toList();
        addonsAfter.stream().filter(name -> !addonsBefore.contains(name))
                .forEach(name -> changes.put(addon(name), ResourceAction.CREATE));
        addonsBefore.stream().filter(name -> !addonsAfter.contains(name))
                .forEach(name -> changes.put(addon(name), ResourceAction.DELETE));
        return summary(changes);
    }

    /** The node groups that are resources of their own (on AKS, all but the first, which is the cluster's). */
    private static List<NodeGroup> groups(ClusterSpec spec, Addresses at) {
        return at.firstGroupInCluster() ? spec.nodeGroups().subList(1, spec.nodeGroups().size()) : spec.nodeGroups();
    }

    private static RunPlan.Summary summary(Map<String, ResourceAction> changes) {
        List<ResourceChange> resources = new ArrayList<>();
        changes.forEach((address, action) -> resources.add(new ResourceChange(address, action)));
        return RunPlan.Summary.of(resources);
    }

    /** Terraform's words for a resource's change in a plan, as {@code terraform plan} prints them. */
    static String line(ResourceChange change) {
        return "  # " + change.address() + switch (change.action()) {
            case CREATE -> " will be created";
            case UPDATE -> " will be updated in-place";
            case DELETE -> " will be destroyed";
            case REPLACE -> " must be replaced";
        };
    }
}
