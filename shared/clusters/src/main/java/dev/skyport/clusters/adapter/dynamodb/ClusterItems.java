package dev.skyport.clusters.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.clusters.domain.ApiAccess;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterName;
import dev.skyport.clusters.domain.ClusterOutputs;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.Ipv4Cidr;
import dev.skyport.clusters.domain.NetworkSpec;
import dev.skyport.clusters.domain.NodeGroup;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.clusters.domain.Safeguards;
import dev.skyport.clusters.domain.StateBackend;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.AttributeValues;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How a cluster and its history events are written as items, and read back. Private to this adapter. */
final class ClusterItems {

    /** Always three fraction digits, so that creation times sort as text (ISO_INSTANT drops a zero fraction). */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** When an expiring cluster's destroy starts. */
    static final String DESTROY_AT = "destroyAt";

    private ClusterItems() {
    }

    static Map<String, AttributeValue> item(Cluster cluster) {
        Map<String, AttributeValue> item = new HashMap<>(ClustersTable.cluster(cluster.owner(), cluster.id()));
        item.put("id", s(cluster.id().value()));
        item.put("owner", s(cluster.owner().value()));
        item.put("createdKey", s(SORTABLE.format(cluster.createdAt()) + "#" + cluster.id()));
        item.put("cloudAccountId", s(cluster.cloudAccountId()));
        item.put("secretRef", s(cluster.secretRef()));
        cluster.currentRun().ifPresent(run -> item.put("currentRun", s(run)));
        cluster.roleExternalId().ifPresent(externalId -> item.put("externalId", s(externalId)));
        cluster.outputs().ifPresent(outputs -> item.put("outputs", AttributeValue.fromM(Map.of(
                "endpoint", s(outputs.endpoint()), "resourceId", s(outputs.resourceId()),
                "kubernetesVersion", s(outputs.kubernetesVersion()), "consoleUrl", s(outputs.consoleUrl()),
                "certificateAuthorityData", s(outputs.certificateAuthorityData()),
                "clusterName", s(outputs.clusterName()), "location", s(outputs.location()),
                "resourceGroup", s(outputs.resourceGroup()), "project", s(outputs.project())))));
        item.putAll(attributes(cluster.spec()));
        item.put("status", s(cluster.status().name()));
        cluster.reason().ifPresent(reason -> item.put("reason", s(reason)));
        item.put("version", n(cluster.version()));
        item.put("createdAt", millis(cluster.createdAt()));
        item.put("updatedAt", millis(cluster.updatedAt()));
        item.putAll(attributes(cluster.safeguards()));
        if (cluster.status() != ClusterStatus.DELETED) {
            cluster.safeguards().expiresAt().ifPresent(at -> {
                item.put("expiring", s(ClustersTable.EXPIRING));
                item.put("expiryKey", s(expiryKey(at) + "#" + cluster.id()));
            });
        }
        return item;
    }

    /** An expiry as the {@code byExpiry} index sorts it (and as a notice of it is keyed). */
    static String expiryKey(Instant at) {
        return SORTABLE.format(at);
    }

    /** A spec's attributes: on a cluster's item, and on a plan run's. */
    private static Map<String, AttributeValue> attributes(ClusterSpec spec) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("name", s(spec.name().value()));
        item.put("provider", s(spec.provider()));
        item.put("region", s(spec.region()));
        item.put("kubernetesVersion", s(spec.kubernetesVersion()));
        item.put("network", AttributeValue.fromM(Map.of(
                "vpcCidr", s(spec.network().vpcCidr().toString()),
                "publicSubnets", cidrs(spec.network().publicSubnets()),
                "privateSubnets", cidrs(spec.network().privateSubnets()))));
        item.put("nodeGroups", AttributeValue.fromL(spec.nodeGroups().stream().map(group -> AttributeValue.fromM(
                Map.of("name", s(group.name()), "instanceType", s(group.instanceType()),
                        "minSize", n(group.minSize()), "desiredSize", n(group.desiredSize()),
                        "maxSize", n(group.maxSize())))).toList()));
        item.put("stateBucket", s(spec.state().bucket()));
        item.put("statePrefix", s(spec.state().prefix()));
        item.put("addons", AttributeValue.fromL(spec.addons().stream().map(addon -> AttributeValue.fromM(
                Map.of("name", s(addon.name()), "chartVersion", s(addon.chartVersion())))).toList()));
        item.put("tags", AttributeValue.fromM(spec.tags().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue())))));
        item.put("apiAccess", AttributeValue.fromM(Map.of("public", AttributeValue.fromBool(spec.apiAccess()
                .publicEndpoint()), "cidrs", cidrs(spec.apiAccess().cidrs()), "admins", AttributeValue.fromL(
                spec.apiAccess().admins().stream().map(AttributeValues::s).toList()))));
        return item;
    }

    private static Map<String, AttributeValue> attributes(Safeguards guards) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("deletionProtection", AttributeValue.fromBool(guards.deletionProtection()));
        // Not the table's TTL attribute (expiresAt): DynamoDB would remove the cluster's item itself.
        guards.expiresAt().ifPresent(at -> item.put(DESTROY_AT, millis(at)));
        return item;
    }

    private static Safeguards safeguards(Map<String, AttributeValue> item) {
        return new Safeguards(Optional.ofNullable(item.get("deletionProtection")).map(AttributeValue::bool)
                .orElse(false), Optional.ofNullable(item.get(DESTROY_AT)).map(AttributeValues::instant));
    }

    private static AttributeValue cidrs(List<Ipv4Cidr> cidrs) {
        return AttributeValue.fromL(cidrs.stream().map(cidr -> s(cidr.toString())).toList());
    }

    static Cluster cluster(Map<String, AttributeValue> item) {
        ClusterSpec spec = spec(item);
        return new Cluster(new ClusterId(item.get("id").s()), new UserId(item.get("owner").s()),
                item.get("cloudAccountId").s(), item.get("secretRef").s(), spec,
                ClusterStatus.valueOf(item.get("status").s()),
                Optional.ofNullable(item.get("reason")).map(AttributeValue::s),
                Long.parseLong(item.get("version").n()), instant(item.get("createdAt")),
                instant(item.get("updatedAt")), Optional.ofNullable(item.get("currentRun")).map(AttributeValue::s),
                // Outputs stored before Skyport kept what a kubeconfig needs read with those texts empty.
                Optional.ofNullable(item.get("outputs")).map(AttributeValue::m).map(outputs -> new ClusterOutputs(
                        text(outputs, "endpoint"), text(outputs, "resourceId"), text(outputs, "kubernetesVersion"),
                        text(outputs, "consoleUrl"), text(outputs, "certificateAuthorityData"),
                        text(outputs, "clusterName"), text(outputs, "location"), text(outputs, "resourceGroup"),
                        text(outputs, "project"))),
                Optional.ofNullable(item.get("externalId")).map(AttributeValue::s), safeguards(item));
    }

    private static ClusterSpec spec(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> network = item.get("network").m();
        return new ClusterSpec(
                new ClusterName(item.get("name").s()),
                item.get("provider").s(),
                item.get("region").s(),
                item.get("kubernetesVersion").s(),
                new NetworkSpec(cidr(network.get("vpcCidr")), cidrs(network.get("publicSubnets")),
                        cidrs(network.get("privateSubnets"))),
                item.get("nodeGroups").l().stream().map(AttributeValue::m).map(group -> new NodeGroup(
                        group.get("name").s(), group.get("instanceType").s(),
                        Integer.parseInt(group.get("minSize").n()), Integer.parseInt(group.get("desiredSize").n()),
                        Integer.parseInt(group.get("maxSize").n()))).toList(),
                new StateBackend(item.get("stateBucket").s(), item.get("statePrefix").s()),
                item.get("addons").l().stream().map(AttributeValue::m).map(addon -> new Catalogue.Addon(
                        addon.get("name").s(), addon.get("chartVersion").s())).toList(),
                item.get("tags").m().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s())),
                // Clusters asked for before API access was a choice were made open to every address.
                Optional.ofNullable(item.get("apiAccess")).map(AttributeValue::m).map(access -> new ApiAccess(
                        Boolean.TRUE.equals(access.get("public").bool()), cidrs(access.get("cidrs")),
                        access.containsKey("admins") ? access.get("admins").l().stream().map(AttributeValue::s)
                                .toList() : List.of()))
                        .orElse(ApiAccess.everywhere()));
    }

    private static String text(Map<String, AttributeValue> map, String name) {
        AttributeValue value = map.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    /** A run, with its cluster's owner: a log line found through the run's log stream reaches its owner. */
    static Map<String, AttributeValue> item(Run run, UserId owner) {
        Map<String, AttributeValue> item = new HashMap<>(ClustersTable.run(run.cluster(), run.id()));
        item.put("runId", s(run.id()));
        item.put("owner", s(owner.value()));
        item.put("action", s(run.action().protocolName()));
        item.put("status", s(run.status().name()));
        item.put("actor", s(run.actor()));
        item.put("requestedAt", millis(run.requestedAt()));
        run.endedAt().ifPresent(at -> item.put("endedAt", millis(at)));
        run.reason().ifPresent(reason -> item.put("reason", s(reason)));
        item.put("simulated", AttributeValue.fromBool(run.simulated()));
        run.logStream().ifPresent(stream -> item.put("logStream", s(stream)));
        if (!run.details().isEmpty()) {
            item.put("details", AttributeValue.fromL(run.details().stream().map(detail -> s(detail)).toList()));
        }
        run.plan().ifPresent(plan -> item.put("plan", AttributeValue.fromM(attributes(plan))));
        run.applies().ifPresent(plan -> item.put("appliesPlan", s(plan)));
        return item;
    }

    private static Map<String, AttributeValue> attributes(RunPlan plan) {
        Map<String, AttributeValue> item = new HashMap<>(attributes(plan.guards()));
        item.put("of", s(plan.of().protocolName()));
        item.put("baseVersion", n(plan.baseVersion()));
        item.put("spec", AttributeValue.fromM(attributes(plan.spec())));
        item.put("changes", AttributeValue.fromL(plan.changes().stream().map(AttributeValues::s).toList()));
        plan.summary().ifPresent(summary -> item.put("summary", AttributeValue.fromM(Map.of(
                "add", n(summary.add()), "change", n(summary.change()), "destroy", n(summary.destroy()),
                "resources", AttributeValue.fromL(summary.resources().stream().map(resource -> AttributeValue.fromM(
                        Map.of("address", s(resource.address()), "action", s(resource.action().word()))))
                        .toList())))));
        return item;
    }

    private static RunPlan plan(Map<String, AttributeValue> item) {
        return new RunPlan(Run.Action.ofProtocolName(item.get("of").s()).orElseThrow(),
                Long.parseLong(item.get("baseVersion").n()), spec(item.get("spec").m()), safeguards(item),
                item.get("changes").l().stream().map(AttributeValue::s).toList(),
                Optional.ofNullable(item.get("summary")).map(AttributeValue::m).map(summary -> new RunPlan.Summary(
                        Integer.parseInt(summary.get("add").n()), Integer.parseInt(summary.get("change").n()),
                        Integer.parseInt(summary.get("destroy").n()), summary.get("resources").l().stream()
                        .map(AttributeValue::m).map(resource -> new RunPlan.ResourceChange(
                                resource.get("address").s(),
                                RunPlan.ResourceAction.ofWord(resource.get("action").s()).orElseThrow()))
                        .toList())));
    }

    static Run run(ClusterId cluster, Map<String, AttributeValue> item) {
        return new Run(cluster, item.get("runId").s(),
                Run.Action.ofProtocolName(item.get("action").s()).orElseThrow(),
                Run.Status.valueOf(item.get("status").s()), item.get("actor").s(), instant(item.get("requestedAt")),
                Optional.ofNullable(item.get("endedAt")).map(AttributeValues::instant),
                Optional.ofNullable(item.get("reason")).map(AttributeValue::s),
                Boolean.TRUE.equals(item.get("simulated").bool()),
                Optional.ofNullable(item.get("logStream")).map(AttributeValue::s),
                item.containsKey("details") ? item.get("details").l().stream().map(AttributeValue::s).toList()
                        : List.of(),
                Optional.ofNullable(item.get("plan")).map(AttributeValue::m).map(ClusterItems::plan),
                Optional.ofNullable(item.get("appliesPlan")).map(AttributeValue::s));
    }

    private static Ipv4Cidr cidr(AttributeValue value) {
        return Ipv4Cidr.parse(value.s()).orElseThrow();
    }

    private static List<Ipv4Cidr> cidrs(AttributeValue value) {
        return value.l().stream().map(ClusterItems::cidr).toList();
    }

    static Map<String, AttributeValue> item(ClusterEvent event) {
        Map<String, AttributeValue> item = new HashMap<>(ClustersTable.event(event.cluster(), event.version()));
        item.put("at", millis(event.at()));
        item.put("actor", s(event.actor()));
        event.from().ifPresent(from -> item.put("from", s(from.name())));
        item.put("to", s(event.to().name()));
        event.reason().ifPresent(reason -> item.put("reason", s(reason)));
        if (!event.changes().isEmpty()) {
            item.put("changes", AttributeValue.fromL(event.changes().stream().map(AttributeValues::s).toList()));
        }
        return item;
    }

    static ClusterEvent event(ClusterId cluster, Map<String, AttributeValue> item) {
        String sortKey = item.get(ClustersTable.SK).s();
        return new ClusterEvent(cluster, Long.parseLong(sortKey.substring(sortKey.indexOf('#') + 1)),
                instant(item.get("at")), item.get("actor").s(),
                Optional.ofNullable(item.get("from")).map(from -> ClusterStatus.valueOf(from.s())),
                ClusterStatus.valueOf(item.get("to").s()),
                Optional.ofNullable(item.get("reason")).map(AttributeValue::s),
                item.containsKey("changes") ? item.get("changes").l().stream().map(AttributeValue::s).toList()
                        : List.of());
    }
}
