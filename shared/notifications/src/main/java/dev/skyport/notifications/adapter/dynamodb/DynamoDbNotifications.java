package dev.skyport.notifications.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.Notifications;
import dev.skyport.notifications.domain.Notification;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Notifications in DynamoDB:
 * <pre>
 *   USER#owner   N#id      one notification (ids are time-ordered UUIDs: the partition lists newest first)
 *   USER#owner   UNREAD    how many of the owner's notifications are unread
 * </pre>
 * Every change of a notification's read state moves the count in the same transaction, conditional on the state it
 * changes, so concurrent reads, deletes and new notifications keep the count right. Items expire after 90 days.
 */
@Singleton
public class DynamoDbNotifications implements Notifications {

    /** The partition of a person's notifications and unread count: CDK scopes roles by it. */
    public static final String OWNER_PREFIX = "USER#";
    static final Duration KEPT = Duration.ofDays(90);
    private static final String PK = SkyportTables.NOTIFICATIONS.partitionKey();
    private static final String SK = SkyportTables.NOTIFICATIONS.sortKey();
    private static final String PREFIX = "N#";
    private static final String EXPIRES_AT = SkyportTables.NOTIFICATIONS.ttlAttribute().orElseThrow();
    private static final Pattern CURSOR = Pattern.compile("^N#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final int ATTEMPTS = 5;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbNotifications(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.table = names.nameOf(SkyportTables.NOTIFICATIONS);
    }

    private static Map<String, AttributeValue> key(UserId owner, String sortKey) {
        return Map.of(PK, s(OWNER_PREFIX + owner.value()), SK, s(sortKey));
    }

    private static Map<String, AttributeValue> itemKey(UserId owner, String id) {
        return key(owner, PREFIX + id);
    }

    private TransactWriteItem countChange(UserId owner, int delta) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key(owner, "UNREAD"))
                .updateExpression("ADD unread :delta")
                .expressionAttributeValues(Map.of(":delta", n(delta)))).build();
    }

    @Override
    public boolean add(Notification notification) {
        Map<String, AttributeValue> item = new HashMap<>(itemKey(notification.owner(), notification.id()));
        item.put("id", s(notification.id()));
        item.put("kind", s(notification.kind()));
        item.put("title", s(notification.title()));
        item.put("body", s(notification.body()));
        item.put("resource", s(notification.resource()));
        item.put("createdAt", millis(notification.createdAt()));
        item.put("read", AttributeValue.fromBool(false));
        item.put(EXPIRES_AT, ttl(notification.createdAt().plus(KEPT)));
        return transact(List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(" + PK + ")")).build(),
                countChange(notification.owner(), 1)));
    }

    @Override
    public boolean markRead(UserId owner, String id) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Map<String, AttributeValue>> item = find(owner, id);
            if (item.isEmpty()) {
                return false;
            }
            if (Boolean.TRUE.equals(item.get().get("read").bool()) || markUnreadOne(owner, id)) {
                return true;
            }
        }
        throw busy();
    }

    /**
     * Counts only what this call changed: each notification it saw unread is marked on the condition that it is
     * still unread, so one that a concurrent call (or a single mark-read) marked first is not counted twice.
     */
    @Override
    public int markAllRead(UserId owner) {
        int marked = 0;
        Optional<String> cursor = Optional.empty();
        do {
            Page page = page(owner, true, cursor, 100);
            for (Notification notification : page.notifications()) {
                if (!notification.read() && markUnreadOne(owner, notification.id())) {
                    marked++;
                }
            }
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return marked;
    }

    /**
     * Marks the notification read and counts it off, in one transaction, if it is still unread.
     *
     * @return whether this call marked it (false when it was read or gone already)
     */
    private boolean markUnreadOne(UserId owner, String id) {
        return transact(List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(itemKey(owner, id))
                        .updateExpression("SET #read = :true")
                        .conditionExpression("#read = :false")
                        .expressionAttributeNames(Map.of("#read", "read"))
                        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                                ":false", AttributeValue.fromBool(false)))).build(),
                countChange(owner, -1)));
    }

    @Override
    public boolean delete(UserId owner, String id) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Map<String, AttributeValue>> item = find(owner, id);
            if (item.isEmpty()) {
                return false;
            }
            boolean read = Boolean.TRUE.equals(item.get().get("read").bool());
            TransactWriteItem remove = TransactWriteItem.builder().delete(d -> d.tableName(table)
                    .key(itemKey(owner, id)).conditionExpression("#read = :seen")
                    .expressionAttributeNames(Map.of("#read", "read"))
                    .expressionAttributeValues(Map.of(":seen", AttributeValue.fromBool(read)))).build();
            if (transact(read ? List.of(remove) : List.of(remove, countChange(owner, -1)))) {
                return true;
            }
        }
        throw busy();
    }

    @Override
    public int deleteAll(UserId owner) {
        int deleted = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK)).projectionExpression("#pk, #sk")
                    .expressionAttributeValues(Map.of(":pk", s(OWNER_PREFIX + owner.value())))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> key : page.items()) {
                dynamoDb.deleteItem(b -> b.tableName(table).key(key));
                deleted++;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return deleted;
    }

    @Override
    public long unreadCount(UserId owner) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(key(owner, "UNREAD"))
                .consistentRead(true)).item();
        return item == null || !item.containsKey("unread") ? 0 : Math.max(0, Long.parseLong(item.get("unread").n()));
    }

    @Override
    public Page page(UserId owner, boolean unreadOnly, Optional<String> cursor, int limit) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(OWNER_PREFIX + owner.value()),
                ":prefix", s(PREFIX)));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .scanIndexForward(false).limit(limit);
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#sk", SK));
        if (unreadOnly) {
            query.filterExpression("#read = :false");
            names.put("#read", "read");
            values.put(":false", AttributeValue.fromBool(false));
        }
        cursor.map(c -> key(owner, decode(c))).ifPresent(query::exclusiveStartKey);
        QueryResponse response = dynamoDb.query(query.expressionAttributeNames(names)
                .expressionAttributeValues(values).build());
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(encode(response.lastEvaluatedKey().get(SK).s())) : Optional.empty();
        return new Page(response.items().stream().map(item -> notification(owner, item)).toList(), next);
    }

    private Optional<Map<String, AttributeValue>> find(UserId owner, String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(itemKey(owner, id))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** True when the transaction was made; false when its first write's condition failed (nothing changed). */
    private boolean transact(List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(writes));
                return true;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.getFirst().code())) {
                    return false;
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt == ATTEMPTS) {
                    throw conflict ? busy() : cancelled;
                }
            }
        }
    }

    private static DomainException busy() {
        return new DomainException(dev.skyport.kernel.Failure.CONFLICT, "concurrent-change",
                "the notification changed meanwhile; try again");
    }

    private static Notification notification(UserId owner, Map<String, AttributeValue> item) {
        return new Notification(item.get("id").s(), owner, item.get("kind").s(), item.get("title").s(),
                item.get("body").s(), item.get("resource").s(), instant(item.get("createdAt")),
                Boolean.TRUE.equals(item.get("read").bool()));
    }

    private static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            if (cursor.length() <= 128) {
                String sortKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                if (CURSOR.matcher(sortKey).matches()) {
                    return sortKey;
                }
            }
        } catch (IllegalArgumentException notBase64) {
            // refused below
        }
        throw DomainException.invalid("invalid-cursor", "cursor must be one this API returned");
    }
}
