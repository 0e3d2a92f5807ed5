package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a person asks to change of a cluster, as a JSON merge patch (RFC 7396) reads: each part that is absent stays
 * as it is. Node groups and tags are objects keyed by name, where {@code null} removes one; add-ons and API access
 * are replaced whole. Each refusal names the field and changes nothing.
 *
 * @param nodeGroups        node group name to its change: new fields for an existing group (the others stay), every
 *                          field for a new one, or {@link NodeGroupChange#removal()}
 * @param tags              tag key to its new value, or empty to remove it
 * @param expiresAt         present to set the expiry (empty inside: to clear it)
 */
public record ClusterChange(Optional<String> kubernetesVersion, Optional<Map<String, NodeGroupChange>> nodeGroups,
                            Optional<List<String>> addons, Optional<Map<String, Optional<String>>> tags,
                            Optional<ApiAccess.Request> apiAccess, Optional<Boolean> deletionProtection,
                            Optional<Optional<Instant>> expiresAt) {

    /** One node group's change; a {@code null} field stays as it is. */
    public record NodeGroupChange(boolean remove, String instanceType, Integer minSize, Integer desiredSize,
                                  Integer maxSize) {

        public static NodeGroupChange removal() {
            return new NodeGroupChange(true, null, null, null, null);
        }

        public static NodeGroupChange of(String instanceType, Integer minSize, Integer desiredSize, Integer maxSize) {
            return new NodeGroupChange(false, instanceType, minSize, desiredSize, maxSize);
        }
    }

    /** A change that asks for nothing. */
    public static ClusterChange none() {
        return new ClusterChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether the change asks for anything at all. */
    public boolean isEmpty() {
        return kubernetesVersion.isEmpty() && nodeGroups.isEmpty() && addons.isEmpty() && tags.isEmpty()
                && apiAccess.isEmpty() && deletionProtection.isEmpty() && expiresAt.isEmpty();
    }

    /**
     * The spec after this change, checked against the provider's offer: a Kubernetes version one minor version up
     * at most, never down, offered in the cluster's region; at least one node group; the create rules for the rest.
     */
    public ClusterSpec applyTo(ClusterSpec spec, Catalogue.ProviderCatalogue offer) {
        String version = kubernetesVersion.map(asked -> upgrade(spec, asked, offer)).orElse(spec.kubernetesVersion());
        List<NodeGroup> groups = nodeGroups.map(changes -> nodeGroups(spec.nodeGroups(), changes, offer))
                .orElse(spec.nodeGroups());
        List<Catalogue.Addon> newAddons = addons.map(names -> ClusterSpec.addons(names, offer)).orElse(spec.addons());
        Map<String, String> newTags = tags.map(changes -> {
            Map<String, String> merged = new LinkedHashMap<>(spec.tags());
            changes.forEach((key, value) -> value.ifPresentOrElse(v -> merged.put(key, v), () -> merged.remove(key)));
            return ClusterSpec.tags(merged);
        }).orElse(spec.tags());
        ApiAccess access = apiAccess.map(asked -> ApiAccess.of(Optional.of(asked), Optional.empty()))
                .orElse(spec.apiAccess());
        return new ClusterSpec(spec.name(), spec.provider(), spec.region(), version, spec.network(), groups,
                spec.state(), newAddons, newTags, access);
    }

    /** The safeguards after this change, asked for at {@code now}. */
    public Safeguards applyTo(Safeguards guards, Instant now) {
        Safeguards changed = deletionProtection.map(guards::protecting).orElse(guards);
        return expiresAt.map(at -> at.map(when -> Safeguards.requireExpiry(when, now)))
                .map(changed::expiring).orElse(changed);
    }

    private static String upgrade(ClusterSpec spec, String asked, Catalogue.ProviderCatalogue offer) {
        List<String> offered = offer.kubernetesVersionsIn(spec.region());
        if (!offered.contains(asked)) {
            throw invalidVersion("kubernetes_version must be one of " + offered + " in " + spec.region());
        }
        int[] from = minor(spec.kubernetesVersion());
        int[] to = minor(asked);
        if (to[0] != from[0] || to[1] < from[1]) {
            throw invalidVersion("kubernetes_version cannot go down (from " + spec.kubernetesVersion() + " to "
                    + asked + "): Kubernetes clusters are upgraded, never downgraded");
        }
        if (to[1] > from[1] + 1) {
            throw invalidVersion("kubernetes_version goes up one minor version at a time: from "
                    + spec.kubernetesVersion() + " to " + from[0] + "." + (from[1] + 1) + " first");
        }
        return asked;
    }

    private static int[] minor(String version) {
        String[] parts = version.split("\\.");
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (RuntimeException notMajorMinor) {
            throw invalidVersion("kubernetes_version is major.minor, like 1.33");
        }
    }

    private static DomainException invalidVersion(String detail) {
        return DomainException.invalid("invalid-kubernetes-version", detail);
    }

    private static List<NodeGroup> nodeGroups(List<NodeGroup> current, Map<String, NodeGroupChange> changes,
                                              Catalogue.ProviderCatalogue offer) {
        Map<String, NodeGroup> groups = new LinkedHashMap<>();
        current.forEach(group -> groups.put(group.name(), group));
        for (Map.Entry<String, NodeGroupChange> entry : new TreeMap<>(changes).entrySet()) {
            String name = entry.getKey();
            String field = "node_groups." + name;
            NodeGroupChange change = entry.getValue();
            NodeGroup existing = groups.get(name);
            if (change.remove()) {
                if (existing == null) {
                    throw NodeGroup.invalid(field, "is not a node group of this cluster (it has "
                            + groups.keySet() + ")");
                }
                groups.remove(name);
                continue;
            }
            NodeGroup changed = existing == null
                    ? NodeGroup.of(field, name, change.instanceType(), change.minSize(), change.desiredSize(),
                            change.maxSize())
                    : NodeGroup.of(field, name, Objects.requireNonNullElse(change.instanceType(),
                                    existing.instanceType()),
                            Objects.requireNonNullElse(change.minSize(), existing.minSize()),
                            Objects.requireNonNullElse(change.desiredSize(), existing.desiredSize()),
                            Objects.requireNonNullElse(change.maxSize(), existing.maxSize()));
            if (!offer.instanceType().matcher(changed.instanceType()).matches()) {
                throw NodeGroup.invalid(field + ".instance_type", "is not a " + offer.provider()
                        + " instance type (like " + offer.instanceTypeExample() + ")");
            }
            groups.put(name, changed);
        }
        if (groups.isEmpty()) {
            throw NodeGroup.invalid("node_groups", "cannot lose its last node group: a cluster needs one (delete the"
                    + " cluster instead)");
        }
        if (groups.size() > NodeGroup.MAX_GROUPS) {
            throw NodeGroup.invalid("node_groups", "may hold at most " + NodeGroup.MAX_GROUPS + " node groups");
        }
        return List.copyOf(groups.values());
    }

    /**
     * What differs between two specs and safeguards of one cluster, one line per difference, in the API's field
     * names: what a cluster's history says a person changed.
     */
    public static List<String> differences(ClusterSpec before, Safeguards guardsBefore, ClusterSpec after,
                                           Safeguards guardsAfter) {
        List<String> lines = new ArrayList<>();
        if (!before.kubernetesVersion().equals(after.kubernetesVersion())) {
            lines.add("kubernetes_version: " + before.kubernetesVersion() + " -> " + after.kubernetesVersion());
        }
        Map<String, NodeGroup> old = new LinkedHashMap<>();
        before.nodeGroups().forEach(group -> old.put(group.name(), group));
        for (NodeGroup group : after.nodeGroups()) {
            NodeGroup was = old.remove(group.name());
            String field = "node_groups." + group.name();
            if (was == null) {
                lines.add(field + ": added (" + shape(group) + ")");
            } else if (!was.equals(group)) {
                lines.add(field + ": " + shape(was) + " -> " + shape(group));
            }
        }
        old.keySet().forEach(name -> lines.add("node_groups." + name + ": removed"));
        if (!before.addons().equals(after.addons())) {
            lines.add("addons: " + names(before.addons()) + " -> " + names(after.addons()));
        }
        for (String key : new TreeSet<>(union(before.tags().keySet(), after.tags().keySet()))) {
            String was = before.tags().get(key);
            String now = after.tags().get(key);
            if (!Objects.equals(was, now)) {
                lines.add("tags." + key + ": " + (was == null ? "(none)" : "'" + was + "'") + " -> "
                        + (now == null ? "(removed)" : "'" + now + "'"));
            }
        }
        if (!before.apiAccess().equals(after.apiAccess())) {
            lines.add("api_access: " + access(before.apiAccess()) + " -> " + access(after.apiAccess()));
        }
        if (guardsBefore.deletionProtection() != guardsAfter.deletionProtection()) {
            lines.add("deletion_protection: " + onOff(guardsBefore.deletionProtection()) + " -> "
                    + onOff(guardsAfter.deletionProtection()));
        }
        if (!guardsBefore.expiresAt().equals(guardsAfter.expiresAt())) {
            lines.add("expires_at: " + guardsBefore.expiresAt().map(Instant::toString).orElse("(none)") + " -> "
                    + guardsAfter.expiresAt().map(Instant::toString).orElse("(none)"));
        }
        return lines;
    }

    private static String shape(NodeGroup group) {
        return group.instanceType() + ", " + group.minSize() + "/" + group.desiredSize() + "/" + group.maxSize();
    }

    private static List<String> names(List<Catalogue.Addon> addons) {
        return addons.stream().map(Catalogue.Addon::name).toList();
    }

    private static String access(ApiAccess access) {
        return (access.publicEndpoint() ? "public to " + access.cidrs() : "private")
                + (access.admins().isEmpty() ? "" : ", admins " + access.admins());
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
