package dev.skyport.platform.sessions;

import static dev.skyport.platform.dynamodb.SessionFamilyItems.EXPIRES;
import static dev.skyport.platform.dynamodb.SessionFamilyItems.REVOKED;
import static dev.skyport.platform.dynamodb.SessionFamilyItems.SESSION_ENDS;

import dev.skyport.platform.dynamodb.SessionFamilyItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A session is live while its family item exists, is not revoked, and neither its absolute end nor its current
 * refresh token's expiry has passed (DynamoDB's TTL deletes late, so time is checked too). One strongly consistent
 * GetItem that reads only those three attributes, which is all a function outside identity is allowed to read.
 */
@Singleton
@Requires(property = LiveSessions.CHECK_SWITCH, notEquals = "false")
public class DynamoDbLiveSessions implements LiveSessions {

    private static final String PROJECTION = "#revoked, #ends, #expires";
    private static final Map<String, String> NAMES = Map.of("#revoked", REVOKED, "#ends", SESSION_ENDS,
            "#expires", EXPIRES);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbLiveSessions(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.table = names.nameOf(SkyportTables.USERS);
    }

    @Override
    public boolean isLive(String userId, String sessionId, Instant now) {
        if (userId == null || userId.isBlank() || sessionId == null || sessionId.isBlank()) {
            return false;
        }
        Map<String, AttributeValue> family = dynamoDb.getItem(b -> b.tableName(table)
                .key(SessionFamilyItems.key(userId, sessionId)).consistentRead(true)
                .projectionExpression(PROJECTION).expressionAttributeNames(NAMES)).item();
        if (family == null || family.isEmpty()) {
            return false;
        }
        AttributeValue revoked = family.get(REVOKED);
        if (revoked == null || !Boolean.FALSE.equals(revoked.bool())) {
            return false;
        }
        if (family.containsKey(SESSION_ENDS)
                && !now.isBefore(Instant.ofEpochMilli(Long.parseLong(family.get(SESSION_ENDS).n())))) {
            return false;
        }
        return !family.containsKey(EXPIRES)
                || now.isBefore(Instant.ofEpochSecond(Long.parseLong(family.get(EXPIRES).n())));
    }
}
