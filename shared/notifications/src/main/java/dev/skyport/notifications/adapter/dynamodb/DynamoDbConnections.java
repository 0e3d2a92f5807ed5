package dev.skyport.notifications.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.Connections;
import dev.skyport.notifications.domain.Connection;
import dev.skyport.notifications.application.LiveUpdates;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Open connections in DynamoDB: {@code CONNECTION#id / CONNECTION}, with {@code user} and {@code connectedKey} for
 * the {@code byUser} index. An item expires with the connection ({@link LiveUpdates#CONNECTION_KEPT}); since TTL
 * deletes late, a connection past that time is not listed either.
 */
@Singleton
public class DynamoDbConnections implements Connections {

    /** A connection's partition: the infrastructure's IAM condition for the realtime functions is built from it. */
    public static final String CONNECTION_PREFIX = "CONNECTION#";

    private static final String PK = SkyportTables.CONNECTIONS.partitionKey();
    private static final String SK = SkyportTables.CONNECTIONS.sortKey();
    private static final String BY_USER = SkyportTables.CONNECTIONS.globalIndexes().getFirst().name();
    private static final String EXPIRES_AT = SkyportTables.CONNECTIONS.ttlAttribute().orElseThrow();

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DynamoDbConnections(DynamoDbClient dynamoDb, TableNames names, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = names.nameOf(SkyportTables.CONNECTIONS);
        this.clock = clock;
    }

    private static Map<String, AttributeValue> key(String connectionId) {
        return Map.of(PK, s(CONNECTION_PREFIX + connectionId), SK, s("CONNECTION"));
    }

    @Override
    public void open(Connection connection) {
        Map<String, AttributeValue> item = new HashMap<>(key(connection.id()));
        item.put("connectionId", s(connection.id()));
        item.put("user", s(connection.owner().value()));
        item.put("connectedKey", s(connection.connectedAt().toEpochMilli() + "#" + connection.id()));
        item.put("connectedAt", millis(connection.connectedAt()));
        connection.session().ifPresent(session -> item.put("sessionId", s(session)));
        connection.token().ifPresent(token -> item.put("tokenId", s(token)));
        item.put(EXPIRES_AT, ttl(connection.connectedAt().plus(LiveUpdates.CONNECTION_KEPT)));
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public void close(String connectionId) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(key(connectionId)));
    }

    @Override
    public List<Connection> of(UserId owner) {
        List<Connection> open = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table).indexName(BY_USER)
                    .keyConditionExpression("#user = :user")
                    .filterExpression("#expires > :now")
                    .expressionAttributeNames(Map.of("#user", "user", "#expires", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":user", s(owner.value()),
                            ":now", n(clock.instant().getEpochSecond())))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                open.add(new Connection(item.get("connectionId").s(), owner,
                        Optional.ofNullable(item.get("sessionId")).map(AttributeValue::s),
                        Optional.ofNullable(item.get("tokenId")).map(AttributeValue::s),
                        instant(item.get("connectedAt"))));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return open;
    }
}
