package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a person asks for, checked against the provider's catalogue. Each refusal names the field that is wrong.
 * Missing optional parts get the catalogue's defaults (newest Kubernetes version, its default node group, a
 * 10.0.0.0/16 network with subnets Skyport chooses).
 */
public record ClusterSpec(ClusterName name, String provider, String region, String kubernetesVersion,
                          NetworkSpec network, List<NodeGroup> nodeGroups, StateBackend state,
                          List<Catalogue.Addon> addons, Map<String, String> tags, ApiAccess apiAccess) {

    public static final int MAX_TAGS = 50;
    /** The strictest of the three providers' rules (GCP labels), so one set of tags works everywhere. */
    private static final Pattern TAG_KEY = Pattern.compile("^[a-z][a-z0-9_-]{0,62}$");
    private static final Pattern TAG_VALUE = Pattern.compile("^[a-z0-9_-]{0,63}$");
    private static final NetworkSpec DEFAULT_NETWORK = NetworkSpec.of("10.0.0.0/16", List.of(), List.of());

    public ClusterSpec {
        nodeGroups = List.copyOf(nodeGroups);
        addons = List.copyOf(addons);
        tags = Map.copyOf(tags);
        if (!apiAccess.admins().isEmpty() && !"aws".equals(provider)) {
            throw DomainException.invalid("invalid-api-access", "api_access.admins names IAM principals of EKS"
                    + " clusters; an AKS or GKE cluster takes none");
        }
    }

    /** The request as it came, before any check. Node groups are the raw fields of each. */
    public record Request(String name, String region, String kubernetesVersion, Optional<Network> network,
                          Optional<List<NodeGroupRequest>> nodeGroups, String stateBucket, String statePrefix,
                          Optional<List<String>> addons, Optional<Map<String, String>> tags,
                          Optional<ApiAccess.Request> apiAccess) {

        /** A request that says nothing of API access. */
        public Request(String name, String region, String kubernetesVersion, Optional<Network> network,
                       Optional<List<NodeGroupRequest>> nodeGroups, String stateBucket, String statePrefix,
                       Optional<List<String>> addons, Optional<Map<String, String>> tags) {
            this(name, region, kubernetesVersion, network, nodeGroups, stateBucket, statePrefix, addons, tags,
                    Optional.empty());
        }
    }

    public record Network(String vpcCidr, List<String> publicSubnetCidrs, List<String> privateSubnetCidrs) {
    }

    public record NodeGroupRequest(String name, String instanceType, Integer minSize, Integer desiredSize,
                                   Integer maxSize) {
    }

    /** The request of a caller whose address is not known: without api_access, a private endpoint only. */
    public static ClusterSpec of(Request request, String provider, Catalogue catalogue) {
        return of(request, provider, catalogue, Optional.empty());
    }

    /**
     * @param callerAddress where the request came from (an IP literal): without api_access, the public endpoint is
     *                      open to it when it is a public IPv4 address ({@link ApiAccess})
     */
    public static ClusterSpec of(Request request, String provider, Catalogue catalogue,
                                 Optional<String> callerAddress) {
        ClusterName name = new ClusterName(request.name());
        Catalogue.ProviderCatalogue offer = catalogue.of(provider);
        if (request.region() == null || !offer.regions().contains(request.region())) {
            throw DomainException.invalid("invalid-region", "region must be one of " + offer.regions());
        }
        List<String> versions = offer.kubernetesVersionsIn(request.region());
        String version = request.kubernetesVersion() == null || request.kubernetesVersion().isBlank()
                ? versions.getFirst() : request.kubernetesVersion();
        if (!versions.contains(version)) {
            throw DomainException.invalid("invalid-kubernetes-version",
                    "kubernetes_version must be one of " + versions + " in " + request.region());
        }
        NetworkSpec network = request.network().map(n -> NetworkSpec.of(n.vpcCidr(), n.publicSubnetCidrs(),
                n.privateSubnetCidrs())).orElse(DEFAULT_NETWORK);
        List<NodeGroup> nodeGroups = nodeGroups(request.nodeGroups(), offer);
        StateBackend state = StateBackend.of(provider, request.stateBucket(), request.statePrefix());
        return new ClusterSpec(name, provider, request.region(), version, network, nodeGroups, state,
                addons(request.addons().orElse(List.of()), offer), tags(request.tags().orElse(Map.of())),
                ApiAccess.of(request.apiAccess(), callerAddress));
    }

    private static List<NodeGroup> nodeGroups(Optional<List<NodeGroupRequest>> requested,
                                              Catalogue.ProviderCatalogue offer) {
        if (requested.isEmpty()) {
            return List.of(offer.defaultNodeGroup());
        }
        List<NodeGroupRequest> groups = requested.get();
        if (groups.isEmpty() || groups.size() > NodeGroup.MAX_GROUPS) {
            throw NodeGroup.invalid("node_groups", "must hold 1 to " + NodeGroup.MAX_GROUPS + " node groups");
        }
        List<NodeGroup> checked = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            String field = "node_groups[" + i + "]";
            NodeGroupRequest group = groups.get(i) == null ? new NodeGroupRequest(null, null, null, null, null)
                    : groups.get(i);
            NodeGroup nodeGroup = NodeGroup.of(field, group.name(), group.instanceType(), group.minSize(),
                    group.desiredSize(), group.maxSize());
            if (!offer.instanceType().matcher(nodeGroup.instanceType()).matches()) {
                throw NodeGroup.invalid(field + ".instance_type", "is not a " + offer.provider()
                        + " instance type (like " + offer.instanceTypeExample() + ")");
            }
            if (!names.add(nodeGroup.name())) {
                throw NodeGroup.invalid(field + ".name", "is used by another node group");
            }
            checked.add(nodeGroup);
        }
        return checked;
    }

    static List<Catalogue.Addon> addons(List<String> requested, Catalogue.ProviderCatalogue offer) {
        List<Catalogue.Addon> addons = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String name = requested.get(i);
            Catalogue.Addon addon = offer.addon(name).orElseThrow(() -> DomainException.invalid("invalid-addons",
                    "addons: " + (name == null ? "null" : "'" + name.substring(0, Math.min(name.length(), 40)) + "'")
                            + " is not one of " + offer.addons().stream().map(Catalogue.Addon::name).toList()));
            if (addons.contains(addon)) {
                throw DomainException.invalid("invalid-addons", "addons[" + i + "] is listed twice");
            }
            addons.add(addon);
        }
        return addons;
    }

    static Map<String, String> tags(Map<String, String> requested) {
        if (requested.size() > MAX_TAGS) {
            throw DomainException.invalid("invalid-tags", "tags may hold at most " + MAX_TAGS + " entries");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, String> tag : requested.entrySet()) {
            String key = tag.getKey();
            if (key == null || !TAG_KEY.matcher(key).matches() || key.startsWith("skyport")) {
                throw DomainException.invalid("invalid-tags", "tags: each key is 1 to 63 lower-case letters, digits,"
                        + " '_' or '-', starting with a letter, and not starting with 'skyport' (Skyport's own tags)");
            }
            String value = tag.getValue() == null ? "" : tag.getValue();
            if (!TAG_VALUE.matcher(value).matches()) {
                throw DomainException.invalid("invalid-tags", "tags." + key + " is up to 63 lower-case letters,"
                        + " digits, '_' or '-'");
            }
            tags.put(key, value);
        }
        return tags;
    }
}
