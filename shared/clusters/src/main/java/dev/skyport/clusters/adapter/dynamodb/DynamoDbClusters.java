package dev.skyport.clusters.adapter.dynamodb;

import static dev.skyport.clusters.adapter.dynamodb.ClustersTable.PK;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.clusters.application.ClusterPage;
import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.ExpiryNotice;
import dev.skyport.clusters.domain.Run;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.CloudAccountInUse;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.dynamodb.UserHasClusters;
import java.time.Duration;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Clusters in DynamoDB. A cluster is created and every transition is made in one transaction together with its
 * history event, its name guard and the owner's count, each write conditional, so racing requests give one result
 * and a failure leaves nothing half written. A create also counts the cluster in its cloud account and checks that
 * the account is still there; the DELETED transition counts it off ({@link CloudAccountInUse}): the account's
 * delete checks that count in its own transaction. Likewise a create checks that its owner's account is there, and
 * the owner's count is what that account's deletion checks ({@link UserHasClusters}).
 */
@Singleton
public class DynamoDbClusters implements Clusters {

    /** How often a create is tried when it only collided with another create of the same owner. */
    private static final int CONFLICT_ATTEMPTS = 3;
    /** The owner's count of clusters that are not DELETED, on the COUNT item. */
    private static final Map<String, String> COUNT_NAME = Map.of("#count", UserHasClusters.ACTIVE_CLUSTERS);
    /** The count of the owner's clusters in one cloud account that are not DELETED, on its ACCOUNT# item. */
    private static final Map<String, String> ACCOUNT_COUNT_NAME = Map.of("#count", CloudAccountInUse.ACTIVE_CLUSTERS);
    /** Where the check that the cloud account is still there is among a create's writes. */
    private static final int ACCOUNT_CHECK = 6;
    /** Where the check that the owner's own account is still there is among a create's writes. */
    private static final int OWNER_CHECK = 7;
    /** Where the idempotency key is among a create's writes. */
    private static final int IDEMPOTENCY_WRITE = 8;
    /** How long a create's Idempotency-Key answers with its first cluster, at least (TTL removes it later). */
    private static final Duration IDEMPOTENCY_KEPT = Duration.ofHours(24);
    private static final String EXPIRES_AT = SkyportTables.CLUSTERS.ttlAttribute().orElseThrow();
    /** How long a notice of an expiry is kept after the expiry (TTL removes it later): it is told once. */
    private static final Duration NOTICE_KEPT = Duration.ofDays(30);

    private final DynamoDbClient dynamoDb;
    private final ClustersTable table;
    private final TableNames tables;

    DynamoDbClusters(DynamoDbClient dynamoDb, ClustersTable table, TableNames tables) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.tables = tables;
    }

    /** The store on the named tables, outside a Micronaut context (tests of the use cases, tools). */
    public static DynamoDbClusters on(DynamoDbClient dynamoDb, TableNames names) {
        return new DynamoDbClusters(dynamoDb, new ClustersTable(names), names);
    }

    @Override
    public void add(Cluster cluster, Run run, String actor, int quota,
                    Optional<IdempotentRequest> idempotency) {
        List<TransactWriteItem> writes = new ArrayList<>(List.of(
                put(ClusterItems.item(cluster), "attribute_not_exists(" + PK + ")"),
                put(guard(cluster), "attribute_not_exists(" + PK + ")"),
                TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                        .key(ClustersTable.count(cluster.owner()))
                        .updateExpression("ADD #count :one")
                        .conditionExpression("attribute_not_exists(#count) OR #count < :quota")
                        .expressionAttributeNames(COUNT_NAME)
                        .expressionAttributeValues(Map.of(":one", n(1), ":quota", n(quota))).build()).build(),
                put(ClusterItems.item(new ClusterEvent(cluster.id(), cluster.version(), cluster.createdAt(), actor,
                        Optional.empty(), cluster.status(), Optional.empty())), "attribute_not_exists(" + PK + ")"),
                put(ClusterItems.item(run, cluster.owner()), "attribute_not_exists(" + PK + ")"),
                accountCount(cluster, 1),
                CloudAccountInUse.accountExists(tables, cluster.owner(), cluster.cloudAccountId()),
                UserHasClusters.userExists(tables, cluster.owner())));
        idempotency.ifPresent(request -> {
            Map<String, AttributeValue> item = new HashMap<>(ClustersTable.idempotency(cluster.owner(),
                    request.key()));
            item.put("fingerprint", s(request.fingerprint()));
            item.put("clusterId", s(request.cluster().value()));
            item.put(EXPIRES_AT, ttl(cluster.createdAt().plus(IDEMPOTENCY_KEPT)));
            writes.add(put(item, "attribute_not_exists(" + PK + ")"));
        });
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException cancelled) {
                // Another create of the same owner touched the count at the same moment: every write here is
                // conditional, so trying again is safe, and gives a name or quota answer if one is due.
                if (!conflicted(cancelled) || attempt == CONFLICT_ATTEMPTS) {
                    throw refusal(cancelled, cluster, quota);
                }
            }
        }
    }

    /** Why a create was refused, in the person's terms where there are some. */
    private static RuntimeException refusal(TransactionCanceledException cancelled, Cluster cluster, int quota) {
        List<CancellationReason> reasons = cancelled.cancellationReasons();
        if (failed(reasons, IDEMPOTENCY_WRITE)) {
            return new IdempotencyKeyTaken();
        }
        if (failed(reasons, ACCOUNT_CHECK)) {
            return new CloudAccountGone();
        }
        if (failed(reasons, OWNER_CHECK)) {
            return new DomainException(Failure.UNAUTHENTICATED, "account-deleted",
                    "your account was deleted while the cluster was being created; nothing was created");
        }
        if (failed(reasons, 1)) {
            return new DomainException(Failure.CONFLICT, "cluster-name-taken", "name: you already have a cluster"
                    + " called " + cluster.spec().name().value() + " that is not deleted");
        }
        if (failed(reasons, 2)) {
            return new DomainException(Failure.RATE_LIMITED, "cluster-quota-reached", "you have " + quota
                    + " clusters that are not deleted, the most allowed; delete one first");
        }
        if (conflicted(cancelled)) {
            return concurrentChange();
        }
        return cancelled;
    }

    private static boolean conflicted(TransactionCanceledException cancelled) {
        return cancelled.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }

    private static DomainException concurrentChange() {
        return new DomainException(Failure.CONFLICT, "concurrent-change",
                "the cluster changed meanwhile; read it again and retry");
    }

    @Override
    public Optional<Cluster> find(UserId owner, ClusterId id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(ClustersTable.cluster(owner, id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ClusterItems.cluster(item));
    }

    @Override
    public void transition(Cluster current, Cluster next, String actor, Optional<Run> run, List<String> changes) {
        if (next.version() != current.version() + 1 || !next.id().equals(current.id())) {
            throw new IllegalArgumentException("next must be current.becoming(...)");
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                .item(ClusterItems.item(next))
                .conditionExpression("#version = :expected AND #status = :from")
                .expressionAttributeNames(Map.of("#version", "version", "#status", "status"))
                .expressionAttributeValues(Map.of(":expected", n(current.version()),
                        ":from", s(current.status().name()))).build()).build());
        writes.add(put(ClusterItems.item(new ClusterEvent(next.id(), next.version(), next.updatedAt(), actor,
                Optional.of(current.status()), next.status(), next.reason(), changes)),
                "attribute_not_exists(" + PK + ")"));
        run.ifPresent(r -> writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                .item(ClusterItems.item(r, next.owner())).build()).build()));
        if (next.status() == ClusterStatus.DELETED) {
            // Gone from the cloud: its name is free again and it no longer counts against the quota.
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                    .key(ClustersTable.nameGuard(current.owner(), current.spec().name()))
                    .conditionExpression("clusterId = :id")
                    .expressionAttributeValues(Map.of(":id", s(current.id().value()))).build()).build());
            writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                    .key(ClustersTable.count(current.owner()))
                    .updateExpression("ADD #count :minusOne")
                    .conditionExpression("#count > :zero")
                    .expressionAttributeNames(COUNT_NAME)
                    .expressionAttributeValues(Map.of(":minusOne", n(-1), ":zero", n(0))).build()).build());
            writes.add(accountCount(current, -1));
        }
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException cancelled) {
            if (failed(cancelled.cancellationReasons(), 0) || conflicted(cancelled)) {
                throw concurrentChange();
            }
            throw cancelled;
        }
    }

    /** The count of the owner's clusters in the cluster's cloud account that are not DELETED, changed by delta. */
    private TransactWriteItem accountCount(Cluster cluster, int delta) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(ClustersTable.accountCount(cluster.owner(), cluster.cloudAccountId()))
                .updateExpression("ADD #count :delta")
                .expressionAttributeNames(ACCOUNT_COUNT_NAME)
                .expressionAttributeValues(Map.of(":delta", n(delta))).build()).build();
    }

    @Override
    public List<Cluster> expiringBy(Instant until) {
        return dynamoDb.queryPaginator(b -> b.tableName(table.name()).indexName(ClustersTable.BY_EXPIRY)
                        .keyConditionExpression("#expiring = :expiring AND #key <= :until")
                        .expressionAttributeNames(Map.of("#expiring", "expiring", "#key", "expiryKey"))
                        .expressionAttributeValues(Map.of(":expiring", s(ClustersTable.EXPIRING),
                                ":until", s(ClusterItems.expiryKey(until) + "#~"))))
                .items().stream().map(ClusterItems::cluster).toList();
    }

    @Override
    public boolean noticeOnce(Cluster cluster, ExpiryNotice notice, Instant now) {
        Instant at = cluster.safeguards().expiresAt().orElseThrow(() ->
                new IllegalArgumentException("a cluster without an expiry has no notice of it"));
        Map<String, AttributeValue> item = new HashMap<>(ClustersTable.expiryNotice(cluster.id(),
                ClusterItems.expiryKey(at), notice.word()));
        item.put("owner", s(cluster.owner().value()));
        item.put("clusterId", s(cluster.id().value()));
        item.put("name", s(cluster.spec().name().value()));
        item.put(EXPIRES_AT, ttl(at.plus(NOTICE_KEPT)));
        item.put("expiry", s(at.toString()));
        item.put("notice", s(notice.word()));
        item.put("at", millis(now));
        try {
            dynamoDb.putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(" + PK + ")"));
            return true;
        } catch (ConditionalCheckFailedException toldBefore) {
            return false;
        }
    }

    @Override
    public Set<ExpiryNotice> noticesTold(Cluster cluster) {
        Instant at = cluster.safeguards().expiresAt().orElseThrow(() ->
                new IllegalArgumentException("a cluster without an expiry has no notice of it"));
        String prefix = ClustersTable.EXPIRY_PREFIX + ClusterItems.expiryKey(at) + "#";
        Set<ExpiryNotice> told = EnumSet.noneOf(ExpiryNotice.class);
        dynamoDb.queryPaginator(b -> b.tableName(table.name()).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", ClustersTable.SK))
                        .expressionAttributeValues(Map.of(":pk", s(ClustersTable.historyPartition(cluster.id())),
                                ":prefix", s(prefix))))
                .items().forEach(item -> ExpiryNotice.ofWord(item.get(ClustersTable.SK).s()
                        .substring(prefix.length())).ifPresent(told::add));
        return told;
    }

    @Override
    public long activeIn(UserId owner, String cloudAccountId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(ClustersTable.accountCount(owner, cloudAccountId)).consistentRead(true)).item();
        return item == null || !item.containsKey(CloudAccountInUse.ACTIVE_CLUSTERS) ? 0
                : Long.parseLong(item.get(CloudAccountInUse.ACTIVE_CLUSTERS).n());
    }

    @Override
    public void recordRun(Cluster cluster, Run run) {
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table.name())
                            .key(ClustersTable.cluster(cluster.owner(), cluster.id()))
                            .conditionExpression("#version = :expected")
                            .expressionAttributeNames(Map.of("#version", "version"))
                            .expressionAttributeValues(Map.of(":expected", n(cluster.version()))).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                            .item(ClusterItems.item(run, cluster.owner())).build()).build()));
        } catch (TransactionCanceledException cancelled) {
            throw concurrentChange();
        }
    }

    @Override
    public boolean recordPlan(UserId owner, Run current, Run next) {
        if (current.action() != Run.Action.PLAN || !current.id().equals(next.id())) {
            throw new IllegalArgumentException("next must be the same plan run");
        }
        // The run as read: its status, and its log stream, which a task registers without changing the status (a
        // cancel read before that registration must not put the run back without it).
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":was", s(current.status().name())));
        current.logStream().ifPresent(stream -> values.put(":stream", s(stream)));
        String asRead = "#status = :was AND " + (current.logStream().isPresent() ? "#stream = :stream"
                : "attribute_not_exists(#stream)");
        try {
            dynamoDb.putItem(b -> b.tableName(table.name()).item(ClusterItems.item(next, owner))
                    .conditionExpression(asRead)
                    .expressionAttributeNames(Map.of("#status", "status", "#stream", "logStream"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    @Override
    public ClusterPage page(UserId owner, Optional<ClusterStatus> status, Optional<String> cursor, int limit) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":owner", s(owner.value())));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table.name()).indexName(ClustersTable.BY_OWNER)
                .keyConditionExpression("#owner = :owner")
                .scanIndexForward(false)
                .limit(limit);
        Map<String, String> names = new HashMap<>(Map.of("#owner", "owner"));
        names.put("#status", "status");
        if (status.isPresent()) {
            query.filterExpression("#status = :status");
            values.put(":status", s(status.get().name()));
        } else {
            query.filterExpression("#status <> :deleted");
            values.put(":deleted", s(ClusterStatus.DELETED.name()));
        }
        cursor.map(c -> ClusterCursors.startKey(owner, c)).ifPresent(query::exclusiveStartKey);
        QueryResponse response = dynamoDb.query(query.expressionAttributeNames(names)
                .expressionAttributeValues(values).build());
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(ClusterCursors.of(response.lastEvaluatedKey())) : Optional.empty();
        return new ClusterPage(response.items().stream().map(ClusterItems::cluster).toList(), next);
    }

    @Override
    public List<ClusterEvent> events(ClusterId id) {
        return dynamoDb.queryPaginator(b -> b.tableName(table.name()).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", ClustersTable.SK))
                        .expressionAttributeValues(Map.of(":pk", s(ClustersTable.historyPartition(id)),
                                ":prefix", s(ClustersTable.EVENT_PREFIX))))
                .items().stream().map(item -> ClusterItems.event(id, item)).toList();
    }

    @Override
    public List<Run> runs(ClusterId id, int limit) {
        return dynamoDb.query(b -> b.tableName(table.name()).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", ClustersTable.SK))
                        .expressionAttributeValues(Map.of(":pk", s(ClustersTable.historyPartition(id)),
                                ":prefix", s(ClustersTable.RUN_PREFIX)))
                        .scanIndexForward(false).limit(limit))
                .items().stream().map(item -> ClusterItems.run(id, item)).toList();
    }

    @Override
    public Optional<Run> run(ClusterId id, String runId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(ClustersTable.run(id, runId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ClusterItems.run(id, item));
    }

    @Override
    public Optional<IdempotentRequest> idempotentRequest(UserId owner, String key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(ClustersTable.idempotency(owner, key)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IdempotentRequest(key, item.get("fingerprint").s(),
                new ClusterId(item.get("clusterId").s())));
    }

    private Map<String, AttributeValue> guard(Cluster cluster) {
        Map<String, AttributeValue> guard = new HashMap<>(ClustersTable.nameGuard(cluster.owner(),
                cluster.spec().name()));
        guard.put("clusterId", s(cluster.id().value()));
        return guard;
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item)
                .conditionExpression(condition).build()).build();
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }
}
