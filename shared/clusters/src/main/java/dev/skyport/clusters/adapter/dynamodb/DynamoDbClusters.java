package dev.skyport.clusters.adapter.dynamodb;

import static dev.skyport.clusters.adapter.dynamodb.ClustersTable.PK;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.clusters.application.ClusterPage;
import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.TableNames;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
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
 * and a failure leaves nothing half written.
 */
@Singleton
public class DynamoDbClusters implements Clusters {

    /** How often a create is tried when it only collided with another create of the same owner. */
    private static final int CONFLICT_ATTEMPTS = 3;
    /** The owner's count of clusters that are not DELETED, on the COUNT item. */
    private static final Map<String, String> COUNT_NAME = Map.of("#count", "activeClusters");

    private final DynamoDbClient dynamoDb;
    private final ClustersTable table;

    DynamoDbClusters(DynamoDbClient dynamoDb, ClustersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The store on the named tables, outside a Micronaut context (tests of the use cases, tools). */
    public static DynamoDbClusters on(DynamoDbClient dynamoDb, TableNames names) {
        return new DynamoDbClusters(dynamoDb, new ClustersTable(names));
    }

    @Override
    public void add(Cluster cluster, String actor, int quota) {
        List<TransactWriteItem> writes = List.of(
                put(ClusterItems.item(cluster), "attribute_not_exists(" + PK + ")"),
                put(guard(cluster), "attribute_not_exists(" + PK + ")"),
                TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                        .key(ClustersTable.count(cluster.owner()))
                        .updateExpression("ADD #count :one")
                        .conditionExpression("attribute_not_exists(#count) OR #count < :quota")
                        .expressionAttributeNames(COUNT_NAME)
                        .expressionAttributeValues(Map.of(":one", n(1), ":quota", n(quota))).build()).build(),
                put(ClusterItems.item(new ClusterEvent(cluster.id(), cluster.version(), cluster.createdAt(), actor,
                        Optional.empty(), cluster.status(), Optional.empty())), "attribute_not_exists(" + PK + ")"));
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
    public void transition(Cluster current, Cluster next, String actor) {
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
                Optional.of(current.status()), next.status(), next.reason())), "attribute_not_exists(" + PK + ")"));
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
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(ClustersTable.historyPartition(id)))))
                .items().stream().map(item -> ClusterItems.event(id, item)).toList();
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
