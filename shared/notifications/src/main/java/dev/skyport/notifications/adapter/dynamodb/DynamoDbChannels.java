package dev.skyport.notifications.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.ChannelEndpoints;
import dev.skyport.notifications.application.Deliveries;
import dev.skyport.notifications.domain.ChannelEndpoint;
import dev.skyport.notifications.domain.ChannelType;
import dev.skyport.notifications.domain.Delivery;
import dev.skyport.notifications.domain.DeliveryAttempt;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Outbound channels, their deliveries and history, in the notifications table beside the notifications:
 * <pre>
 *   CHANNELS#owner   E#endpointId                     one channel (no secret: the secret store's reference)
 *   CHANNELS#owner   COUNT                            how many channels the owner has (the limit's guard)
 *   ENDPOINT#id      D#deliveryId                     one delivery: its body, state, attempts and claim
 *   ENDPOINT#id      H#atMillis(13 digits)#deliveryId#attempt   one attempt, for the history (newest first)
 * </pre>
 * Deliveries and attempts expire after 30 days. A claim is a lease on the delivery item, conditional on the number
 * of attempts it is for, so a duplicate queue message finds its attempt made; recording an attempt moves the count
 * and writes the history line in one transaction.
 */
@Singleton
public class DynamoDbChannels implements ChannelEndpoints, Deliveries {

    /** The partition of a person's channels: CDK scopes roles by it. */
    public static final String CHANNELS_PREFIX = "CHANNELS#";
    /** The partition of a channel's deliveries and history. */
    public static final String ENDPOINT_PREFIX = "ENDPOINT#";
    static final Duration KEPT = Duration.ofDays(30);
    /** The sort key of the item that counts a person's channels, beside them. */
    static final String COUNT_SK = "COUNT";
    private static final String COUNT = "channels";
    private static final int MAX_TRANSACTION_ATTEMPTS = 10;
    private static final String PK = SkyportTables.NOTIFICATIONS.partitionKey();
    private static final String SK = SkyportTables.NOTIFICATIONS.sortKey();
    private static final String EXPIRES_AT = SkyportTables.NOTIFICATIONS.ttlAttribute().orElseThrow();

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbChannels(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.table = names.nameOf(SkyportTables.NOTIFICATIONS);
    }

    private static Map<String, AttributeValue> endpointKey(UserId owner, String id) {
        return Map.of(PK, s(CHANNELS_PREFIX + owner.value()), SK, s("E#" + id));
    }

    private static Map<String, AttributeValue> deliveryKey(String endpointId, String deliveryId) {
        return Map.of(PK, s(ENDPOINT_PREFIX + endpointId), SK, s("D#" + deliveryId));
    }

    // ---- channels

    private static Map<String, AttributeValue> countKey(UserId owner) {
        return Map.of(PK, s(CHANNELS_PREFIX + owner.value()), SK, s(COUNT_SK));
    }

    /**
     * The channel and its owner's count in one transaction: the count goes up only below the limit, so two creates
     * at the limit minus one cannot both pass. An owner whose channels predate the count gets it from a Query, put
     * only if no other create put it first; a transaction that meets another on the same count is tried again.
     */
    @Override
    public boolean create(ChannelEndpoint endpoint, int limit) {
        Map<String, AttributeValue> item = new HashMap<>(endpointKey(endpoint.owner(), endpoint.id()));
        item.putAll(endpointFields(endpoint));
        item.put("createdAt", millis(endpoint.createdAt()));
        item.put("type", s(endpoint.type().name()));
        item.put("secretRef", s(endpoint.secretRef()));
        TransactWriteItem putEndpoint = TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK)))
                .build();
        for (int attempt = 0; attempt < MAX_TRANSACTION_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> count = dynamoDb.getItem(b -> b.tableName(table)
                    .key(countKey(endpoint.owner())).consistentRead(true)).item();
            boolean counted = count != null && !count.isEmpty();
            TransactWriteItem countUp;
            if (counted) {
                countUp = TransactWriteItem.builder().update(u -> u.tableName(table).key(countKey(endpoint.owner()))
                        .updateExpression("SET #count = #count + :one")
                        .conditionExpression("#count < :limit")
                        .expressionAttributeNames(Map.of("#count", COUNT))
                        .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit)))).build();
            } else {
                int existing = list(endpoint.owner()).size();
                if (existing >= limit) {
                    return false;
                }
                Map<String, AttributeValue> first = new HashMap<>(countKey(endpoint.owner()));
                first.put(COUNT, n(existing + 1L));
                countUp = TransactWriteItem.builder().put(p -> p.tableName(table).item(first)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK))).build();
            }
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(countUp, putEndpoint));
                return true;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                String onCount = reasons.isEmpty() ? "" : String.valueOf(reasons.getFirst().code());
                if (onCount.equals("ConditionalCheckFailed") && counted) {
                    return false;
                }
                if (!onCount.equals("ConditionalCheckFailed") && !conflicted(reasons)) {
                    throw cancelled;
                }
                // another create counted first, or met this one: read the count again
                pause(attempt);
            }
        }
        throw new DomainException(Failure.CONFLICT, "channels-busy",
                "other changes to your channels are under way; try again");
    }

    private static boolean conflicted(List<CancellationReason> reasons) {
        return reasons.stream().anyMatch(reason -> "TransactionConflict".equals(reason.code()));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L << Math.min(attempt, 4)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating a channel", e);
        }
    }

    private static Map<String, AttributeValue> endpointFields(ChannelEndpoint endpoint) {
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put("url", s(endpoint.url()));
        fields.put("kinds", AttributeValue.fromSs(List.copyOf(endpoint.kinds())));
        endpoint.clusterId().ifPresent(cluster -> fields.put("clusterId", s(cluster)));
        fields.put("enabled", AttributeValue.fromBool(endpoint.enabled()));
        endpoint.failingSince().ifPresent(since -> fields.put("failingSince", millis(since)));
        endpoint.disabledReason().ifPresent(reason -> fields.put("disabledReason", s(reason)));
        return fields;
    }

    @Override
    public List<ChannelEndpoint> list(UserId owner) {
        List<ChannelEndpoint> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", s(CHANNELS_PREFIX + owner.value()), ":prefix", s("E#")))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> found.add(endpoint(owner, item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return List.copyOf(found);
    }

    @Override
    public Optional<ChannelEndpoint> find(UserId owner, String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(endpointKey(owner, id))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(endpoint(owner, item));
    }

    @Override
    public boolean update(ChannelEndpoint endpoint) {
        Map<String, AttributeValue> fields = endpointFields(endpoint);
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK));
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        fields.forEach((name, value) -> {
            names.put("#" + name, name);
            values.put(":" + name, value);
            sets.add("#" + name + " = :" + name);
        });
        List<String> removes = new ArrayList<>();
        for (String optional : List.of("clusterId", "failingSince", "disabledReason")) {
            if (!fields.containsKey(optional)) {
                names.put("#" + optional, optional);
                removes.add("#" + optional);
            }
        }
        String expression = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE "
                + String.join(", ", removes));
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(endpointKey(endpoint.owner(), endpoint.id()))
                    .updateExpression(expression).conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    /** The channel and one off its owner's count, in one transaction; without the count if it was never kept. */
    @Override
    public boolean delete(UserId owner, String id) {
        for (int attempt = 0; attempt < MAX_TRANSACTION_ATTEMPTS; attempt++) {
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().delete(d -> d.tableName(table).key(endpointKey(owner, id))
                                .conditionExpression("attribute_exists(#pk)")
                                .expressionAttributeNames(Map.of("#pk", PK))).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(table).key(countKey(owner))
                                .updateExpression("SET #count = #count - :one")
                                .conditionExpression("#count > :zero")
                                .expressionAttributeNames(Map.of("#count", COUNT))
                                .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0)))).build()));
                return true;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                if (reasons.size() == 2 && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return false;
                }
                if (reasons.size() == 2 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                    return discard(owner, id);
                }
                if (!conflicted(reasons)) {
                    throw cancelled;
                }
                pause(attempt);
            }
        }
        throw new DomainException(Failure.CONFLICT, "channels-busy",
                "other changes to your channels are under way; try again");
    }

    @Override
    public boolean discard(UserId owner, String id) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(endpointKey(owner, id))
                    .conditionExpression("attribute_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK)));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    @Override
    public void discardCount(UserId owner) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(countKey(owner)));
    }

    @Override
    public void markHealthy(UserId owner, String id) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(endpointKey(owner, id))
                    .updateExpression("REMOVE failingSince").conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
        } catch (ConditionalCheckFailedException gone) {
            // deleted meanwhile: nothing to mark
        }
    }

    @Override
    public Optional<Instant> markFailing(UserId owner, String id, Instant now) {
        try {
            Map<String, AttributeValue> after = dynamoDb.updateItem(b -> b.tableName(table)
                    .key(endpointKey(owner, id))
                    .updateExpression("SET failingSince = if_not_exists(failingSince, :now)")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":now", millis(now)))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes();
            return Optional.ofNullable(after.get("failingSince")).map(value -> instant(value));
        } catch (ConditionalCheckFailedException gone) {
            return Optional.empty();
        }
    }

    @Override
    public boolean disable(UserId owner, String id, Instant failingSince, String reason) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(endpointKey(owner, id))
                    .updateExpression("SET enabled = :false, disabledReason = :reason")
                    .conditionExpression("enabled = :true AND failingSince = :since")
                    .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false),
                            ":true", AttributeValue.fromBool(true), ":reason", s(reason),
                            ":since", millis(failingSince))));
            return true;
        } catch (ConditionalCheckFailedException notNow) {
            return false;
        }
    }

    private static ChannelEndpoint endpoint(UserId owner, Map<String, AttributeValue> item) {
        return new ChannelEndpoint(item.get(SK).s().substring(2), owner, ChannelType.valueOf(item.get("type").s()),
                item.get("url").s(), item.get("secretRef").s(), Set.copyOf(item.get("kinds").ss()),
                Optional.ofNullable(item.get("clusterId")).map(AttributeValue::s),
                Boolean.TRUE.equals(item.get("enabled").bool()), instant(item.get("createdAt")),
                Optional.ofNullable(item.get("failingSince")).map(value -> instant(value)),
                Optional.ofNullable(item.get("disabledReason")).map(AttributeValue::s));
    }

    // ---- deliveries

    @Override
    public boolean create(Delivery delivery) {
        Map<String, AttributeValue> item = new HashMap<>(deliveryKey(delivery.endpointId(), delivery.id()));
        item.put("eventId", s(delivery.eventId()));
        item.put("kind", s(delivery.kind()));
        item.put("body", s(delivery.body()));
        item.put("state", s(delivery.state().name()));
        item.put("attempts", n(delivery.attempts()));
        item.put("createdAt", millis(delivery.createdAt()));
        item.put("roundStartedAt", millis(delivery.roundStartedAt()));
        item.put("manual", AttributeValue.fromBool(delivery.manual()));
        item.put(EXPIRES_AT, ttl(delivery.createdAt().plus(KEPT)));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<Delivery> find(String endpointId, String deliveryId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(deliveryKey(endpointId, deliveryId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(delivery(endpointId, deliveryId, item));
    }

    @Override
    public Claim claim(String endpointId, String deliveryId, int attempts, Instant now, Duration lease) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(deliveryKey(endpointId, deliveryId))
                    .updateExpression("SET leaseUntil = :lease")
                    .conditionExpression("#state = :pending AND attempts = :attempts"
                            + " AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":lease", millis(now.plus(lease)), ":pending",
                            s(Delivery.State.PENDING.name()), ":attempts", n(attempts), ":now", millis(now))));
            return Claim.TAKEN;
        } catch (ConditionalCheckFailedException notTaken) {
            Optional<Delivery> delivery = find(endpointId, deliveryId);
            if (delivery.isEmpty()) {
                return Claim.ALREADY_DONE;
            }
            if (delivery.get().attempts() > attempts
                    || (delivery.get().attempts() == attempts && delivery.get().state() != Delivery.State.PENDING)) {
                return Claim.ALREADY_DONE;
            }
            return Claim.HELD_ELSEWHERE;
        }
    }

    @Override
    public boolean record(String endpointId, String deliveryId, int attempts, Delivery.State state,
                          DeliveryAttempt attempt) {
        Map<String, AttributeValue> line = new HashMap<>();
        line.put(PK, s(ENDPOINT_PREFIX + endpointId));
        line.put(SK, s(String.format("H#%013d#%s#%04d", attempt.at().toEpochMilli(), deliveryId, attempt.attempt())));
        line.put("at", millis(attempt.at()));
        line.put("deliveryId", s(deliveryId));
        line.put("kind", s(attempt.kind()));
        line.put("attempt", n(attempt.attempt()));
        attempt.statusCode().ifPresent(code -> line.put("statusCode", n(code)));
        line.put("latencyMillis", n(attempt.latency().toMillis()));
        attempt.error().ifPresent(error -> line.put("error", s(error)));
        line.put(EXPIRES_AT, ttl(attempt.at().plus(KEPT)));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(deliveryKey(endpointId, deliveryId))
                            .updateExpression("SET attempts = :next, #state = :state REMOVE leaseUntil")
                            .conditionExpression("attempts = :attempts")
                            .expressionAttributeNames(Map.of("#state", "state"))
                            .expressionAttributeValues(Map.of(":next", n(attempts + 1L), ":state", s(state.name()),
                                    ":attempts", n(attempts)))).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(line)).build()));
            return true;
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.cancellationReasons();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.getFirst().code())) {
                return false;
            }
            throw cancelled;
        }
    }

    @Override
    public void abandon(String endpointId, String deliveryId, int attempts) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(deliveryKey(endpointId, deliveryId))
                    .updateExpression("SET #state = :failed REMOVE leaseUntil")
                    .conditionExpression("#state = :pending AND attempts = :attempts")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":failed", s(Delivery.State.FAILED.name()),
                            ":pending", s(Delivery.State.PENDING.name()), ":attempts", n(attempts))));
        } catch (ConditionalCheckFailedException moved) {
            // attempted or ended meanwhile
        }
    }

    @Override
    public Optional<Delivery> reopen(String endpointId, String deliveryId, Instant now) {
        try {
            Map<String, AttributeValue> after = dynamoDb.updateItem(b -> b.tableName(table)
                    .key(deliveryKey(endpointId, deliveryId))
                    .updateExpression("SET #state = :pending, roundStartedAt = :now, manual = :true")
                    .conditionExpression("attribute_exists(#pk) AND #state <> :pending")
                    .expressionAttributeNames(Map.of("#state", "state", "#pk", PK))
                    .expressionAttributeValues(Map.of(":pending", s(Delivery.State.PENDING.name()),
                            ":now", millis(now), ":true", AttributeValue.fromBool(true)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(delivery(endpointId, deliveryId, after));
        } catch (ConditionalCheckFailedException pendingOrUnknown) {
            return Optional.empty();
        }
    }

    @Override
    public List<DeliveryAttempt> history(String endpointId, int limit) {
        QueryResponse page = dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(ENDPOINT_PREFIX + endpointId), ":prefix", s("H#")))
                .scanIndexForward(false).limit(limit));
        return page.items().stream().map(item -> new DeliveryAttempt(instant(item.get("at")),
                item.get("deliveryId").s(), item.get("kind").s(), Integer.parseInt(item.get("attempt").n()),
                item.containsKey("statusCode") ? OptionalInt.of(Integer.parseInt(item.get("statusCode").n()))
                        : OptionalInt.empty(),
                Duration.ofMillis(Long.parseLong(item.get("latencyMillis").n())),
                Optional.ofNullable(item.get("error")).map(AttributeValue::s))).toList();
    }

    private static Delivery delivery(String endpointId, String deliveryId, Map<String, AttributeValue> item) {
        return new Delivery(endpointId, deliveryId, item.get("eventId").s(), item.get("kind").s(),
                item.get("body").s(), Delivery.State.valueOf(item.get("state").s()),
                Integer.parseInt(item.get("attempts").n()), instant(item.get("createdAt")),
                instant(item.get("roundStartedAt")), Boolean.TRUE.equals(item.get("manual").bool()));
    }
}
