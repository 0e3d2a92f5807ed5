package dev.skyport.clusters.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skyport.clusters.application.RunLogs;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.ApiAccess;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.Ipv4Cidr;
import dev.skyport.clusters.domain.NodeGroup;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.clusters.domain.Safeguards;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The JSON the clusters API reads and answers with (snake_case), and how the domain maps onto it. */
public final class ClusterViews {

    private ClusterViews() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record CreateRequest(@Nullable String name, @Nullable String cloudAccountId, @Nullable String region,
                                @Nullable String kubernetesVersion, @Nullable NetworkRequest network,
                                @Nullable List<NodeGroupRequest> nodeGroups, @Nullable StateRequest state,
                                @Nullable List<String> addons, @Nullable Map<String, String> tags,
                                @Nullable ApiAccessRequest apiAccess, @Nullable Boolean deletionProtection,
                                @Nullable Instant expiresAt) {

        Safeguards safeguards() {
            return new Safeguards(Boolean.TRUE.equals(deletionProtection), Optional.ofNullable(expiresAt));
        }

        ClusterSpec.Request toSpecRequest() {
            return new ClusterSpec.Request(name, region, kubernetesVersion,
                    Optional.ofNullable(network).map(n -> new ClusterSpec.Network(n.vpcCidr(),
                            n.publicSubnetCidrs() == null ? List.of() : n.publicSubnetCidrs(),
                            n.privateSubnetCidrs() == null ? List.of() : n.privateSubnetCidrs())),
                    Optional.ofNullable(nodeGroups).map(groups -> groups.stream().map(g -> g == null
                            ? new ClusterSpec.NodeGroupRequest(null, null, null, null, null)
                            : new ClusterSpec.NodeGroupRequest(g.name(), g.instanceType(), g.minSize(),
                            g.desiredSize(), g.maxSize())).toList()),
                    state == null ? null : state.bucket(), state == null ? null : state.prefix(),
                    Optional.ofNullable(addons), Optional.ofNullable(tags),
                    Optional.ofNullable(apiAccess).map(access -> new ApiAccess.Request(
                            access.publicEndpoint(), access.cidrs(), access.publicEverywhere(), access.admins())));
        }
    }

    /**
     * Who may reach the cluster's Kubernetes API: {@code public} adds an endpoint on the internet, open to
     * {@code cidrs} only (at most 20 IPv4 blocks); every address only with {@code public_everywhere}. Without it,
     * the API is open to the address that asks for the cluster (a public IPv4 one), else private only.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ApiAccessRequest(@JsonProperty("public") @Nullable Boolean publicEndpoint,
                                   @Nullable List<String> cidrs, @Nullable Boolean publicEverywhere,
                                   @Nullable @Schema(description = "EKS only: IAM role or user ARNs (at most 10) the"
                                           + " cluster makes administrators, so your own AWS identity can use its"
                                           + " kubeconfig") List<String> admins) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ApiAccessView(@JsonProperty("public") boolean publicEndpoint, List<String> cidrs,
                                List<String> admins) {
        static ApiAccessView of(ApiAccess access) {
            return new ApiAccessView(access.publicEndpoint(), access.cidrs().stream().map(Ipv4Cidr::toString)
                    .toList(), access.admins());
        }
    }

    /**
     * A change of a cluster, as a JSON merge patch (RFC 7396): what is absent stays as it is. Read strictly by
     * {@link ClusterChangeRequests}; this record only describes it.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(description = "A JSON merge patch (RFC 7396) of the cluster: what is absent stays as it is.")
    public record ChangeRequest(
            @Nullable @Schema(description = "one minor version up at most, never down, offered in the cluster's"
                    + " region (see the catalogue)") String kubernetesVersion,
            @Nullable @Schema(description = "node group name to its new fields (only those that change), all"
                    + " fields for a new group, or null to remove it; at least one group remains")
            Map<String, NodeGroupChange> nodeGroups,
            @Nullable @Schema(description = "the add-ons the cluster is to have, replacing the list") List<String> addons,
            @Nullable @Schema(description = "tag key to its new value, or null to remove it") Map<String, String> tags,
            @Nullable ApiAccessRequest apiAccess,
            @Nullable @Schema(description = "a DELETE is refused (409 deletion-protected) while this is on")
            Boolean deletionProtection,
            @Nullable @Schema(description = "when a destroy run starts by itself, at most 90 days ahead; null"
                    + " clears it", nullable = true) Instant expiresAt,
            @Nullable @Schema(description = "a plan of this cluster's update that succeeded (POST"
                    + " /clusters/{id}/plan): applies exactly what it planned; sent alone") String planId) {
    }

    /** The fields of a node group that a change may set. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record NodeGroupChange(@Nullable String instanceType, @Nullable Integer minSize,
                                  @Nullable Integer desiredSize, @Nullable Integer maxSize) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record NetworkRequest(@Nullable String vpcCidr, @Nullable List<String> publicSubnetCidrs,
                                 @Nullable List<String> privateSubnetCidrs) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record NodeGroupRequest(@Nullable String name, @Nullable String instanceType, @Nullable Integer minSize,
                                   @Nullable Integer desiredSize, @Nullable Integer maxSize) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record StateRequest(@Nullable String bucket, @Nullable String prefix) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record NetworkView(String vpcCidr, List<String> publicSubnetCidrs, List<String> privateSubnetCidrs) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record NodeGroupView(String name, String instanceType, int minSize, int desiredSize, int maxSize) {
        static NodeGroupView of(NodeGroup group) {
            return new NodeGroupView(group.name(), group.instanceType(), group.minSize(), group.desiredSize(),
                    group.maxSize());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record StateView(String bucket, String prefix, String key) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record AddonView(String name, String chartVersion) {
        static AddonView of(Catalogue.Addon addon) {
            return new AddonView(addon.name(), addon.chartVersion());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record OutputsView(String endpoint, String resourceId, String kubernetesVersion, String consoleUrl) {
    }

    /**
     * A run as the API shows it; {@code details} say what exactly made a failed run fail when that was known before
     * Terraform started (each missing permission, what is wrong with the state bucket).
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record RunView(String id, String action, String status, String requestedBy, Instant requestedAt,
                          @Nullable Instant endedAt, @Nullable String reason, List<String> details, boolean simulated,
                          String logs, @Nullable PlanView plan) {
        static RunView of(Run run) {
            return new RunView(run.id(), run.action().protocolName(), run.status().name(), run.actor(),
                    run.requestedAt(), run.endedAt().orElse(null), run.reason().orElse(null), run.details(),
                    run.simulated(), "/clusters/" + run.cluster() + "/runs/" + run.id() + "/logs",
                    run.plan().map(PlanView::of).orElse(null));
        }
    }

    /**
     * What a plan run plans ({@code of}: update or destroy), on which version of the cluster, the change, and once it
     * succeeded what Terraform would do.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record PlanView(String of, long baseVersion, List<String> changes, @Nullable PlanSummaryView summary) {
        static PlanView of(RunPlan plan) {
            return new PlanView(plan.of().protocolName(), plan.baseVersion(), plan.changes(),
                    plan.summary().map(summary -> new PlanSummaryView(summary.add(), summary.change(),
                            summary.destroy(), summary.resources().stream().map(resource -> new ResourceChangeView(
                                    resource.address(), resource.action().word())).toList())).orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record PlanSummaryView(int add, int change, int destroy, List<ResourceChangeView> resources) {
    }

    /** One resource of a plan; {@code action} is create, update, delete or replace. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ResourceChangeView(String address, String action) {
    }

    /** A cluster as the API shows it: what was asked for, where it is, and its current run when it was read. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ClusterView(String id, String name, String status, @Nullable String reason, String cloudAccountId,
                              String provider, String region, String kubernetesVersion, NetworkView network,
                              List<NodeGroupView> nodeGroups, StateView state, List<AddonView> addons,
                              Map<String, String> tags, ApiAccessView apiAccess, boolean deletionProtection,
                              @Nullable Instant expiresAt, long version, Instant createdAt, Instant updatedAt,
                              @Nullable String currentRunId, @Nullable RunView currentRun,
                              @Nullable OutputsView outputs) {

        static ClusterView of(Cluster cluster) {
            return of(cluster, null);
        }

        static ClusterView of(Cluster cluster, @Nullable Run currentRun) {
            ClusterSpec spec = cluster.spec();
            return new ClusterView(cluster.id().value(), spec.name().value(), cluster.status().name(),
                    cluster.reason().orElse(null), cluster.cloudAccountId(), spec.provider(), spec.region(),
                    spec.kubernetesVersion(),
                    new NetworkView(spec.network().vpcCidr().toString(), texts(spec.network().publicSubnets()),
                            texts(spec.network().privateSubnets())),
                    spec.nodeGroups().stream().map(NodeGroupView::of).toList(),
                    new StateView(spec.state().bucket(), spec.state().prefix(), spec.state().stateKey(cluster.id())),
                    spec.addons().stream().map(AddonView::of).toList(), new TreeMap<>(spec.tags()),
                    ApiAccessView.of(spec.apiAccess()), cluster.safeguards().deletionProtection(),
                    cluster.safeguards().expiresAt().orElse(null), cluster.version(), cluster.createdAt(),
                    cluster.updatedAt(), cluster.currentRun().orElse(null),
                    currentRun == null ? null : RunView.of(currentRun),
                    cluster.outputs().map(o -> new OutputsView(o.endpoint(), o.resourceId(), o.kubernetesVersion(),
                            o.consoleUrl())).orElse(null));
        }

        private static List<String> texts(List<Ipv4Cidr> cidrs) {
            return cidrs.stream().map(Ipv4Cidr::toString).toList();
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ClusterList(List<ClusterView> clusters, @Nullable String nextCursor) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record EventView(long version, Instant at, String actor, @Nullable String from, String to,
                            @Nullable String reason, List<String> changes) {
        static EventView of(ClusterEvent event) {
            return new EventView(event.version(), event.at(), event.actor(),
                    event.from().map(Enum::name).orElse(null), event.to().name(), event.reason().orElse(null),
                    event.changes());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record EventList(List<EventView> events) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record RunList(List<RunView> runs) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record LogLineView(long seq, Instant at, String line) {
        static LogLineView of(RunLogs.LogLine line) {
            return new LogLineView(line.seq(), line.at(), line.line());
        }
    }

    /** A page of output; {@code next_cursor} is where to ask again, now or later for a run under way. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record LogPageView(String runId, String runStatus, List<LogLineView> lines, String nextCursor) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ProviderView(String provider, List<String> regions, List<String> kubernetesVersions,
                               String defaultKubernetesVersion, String instanceTypePattern,
                               String instanceTypeExample, NodeGroupView defaultNodeGroup, List<AddonView> addons,
                               @Schema(description = "the Kubernetes versions of each region whose versions differ"
                                       + " from kubernetes_versions") Map<String, List<String>> regionalKubernetesVersions) {
        static ProviderView of(Catalogue.ProviderCatalogue offer) {
            return new ProviderView(offer.provider(), offer.regions(), offer.kubernetesVersions(),
                    offer.defaultKubernetesVersion(), offer.instanceType().pattern(), offer.instanceTypeExample(),
                    NodeGroupView.of(offer.defaultNodeGroup()), offer.addons().stream().map(AddonView::of).toList(),
                    new TreeMap<>(offer.regionalVersions()));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record CatalogueView(List<ProviderView> providers) {
        static CatalogueView of(Catalogue catalogue) {
            return new CatalogueView(catalogue.providers().values().stream()
                    .sorted(java.util.Comparator.comparing(Catalogue.ProviderCatalogue::provider))
                    .map(ProviderView::of).toList());
        }
    }
}
