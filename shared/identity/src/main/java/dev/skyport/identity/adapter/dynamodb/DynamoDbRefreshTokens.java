package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.identity.adapter.dynamodb.UsersTable.PK;
import static dev.skyport.identity.adapter.dynamodb.UsersTable.SK;
import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.identity.application.RefreshTokens;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.SessionFamilyItems;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Refresh tokens ({@code REFRESH#hash}) and their families ({@code USER#id / FAMILY#fid}). Rotation is one
 * transaction: the old token goes from ACTIVE to ROTATED only if it still is ACTIVE and its family is not revoked.
 */
@Singleton
public class DynamoDbRefreshTokens implements RefreshTokens {

    /** The absolute end of a session, on its family item and on each of its tokens. */
    private static final String SESSION_ENDS = SessionFamilyItems.SESSION_ENDS;

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;

    DynamoDbRefreshTokens(DynamoDbClient dynamoDb, UsersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void startFamily(UserId userId, String familyId, String tokenHash, Instant expiresAt,
                            Instant sessionEndsAt) {
        Map<String, AttributeValue> family = new HashMap<>(UsersTable.family(userId, familyId));
        family.put("revoked", AttributeValue.fromBool(false));
        family.put("activeToken", s(tokenHash));
        family.put(SESSION_ENDS, millis(sessionEndsAt));
        family.put(UsersTable.TTL, ttl(expiresAt));
        dynamoDb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(family).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                        .item(tokenItem(tokenHash, userId, familyId, expiresAt, sessionEndsAt))
                        .conditionExpression("attribute_not_exists(" + PK + ")").build()).build()));
    }

    @Override
    public Optional<StoredRefreshToken> find(String tokenHash) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(UsersTable.refreshToken(tokenHash)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredRefreshToken(tokenHash, new UserId(item.get("userId").s()),
                item.get("familyId").s(), Status.valueOf(item.get("status").s()), instant(item.get("validUntil")),
                // Tokens made before sessions had an absolute end end with their own expiry.
                instant(item.getOrDefault(SESSION_ENDS, item.get("validUntil")))));
    }

    @Override
    public boolean rotate(StoredRefreshToken current, String newTokenHash, Instant newExpiresAt) {
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                            .key(UsersTable.refreshToken(current.tokenHash()))
                            .updateExpression("SET #status = :rotated")
                            .conditionExpression("#status = :active")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(Map.of(":rotated", s(Status.ROTATED.name()),
                                    ":active", s(Status.ACTIVE.name()))).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                            .item(tokenItem(newTokenHash, current.userId(), current.familyId(), newExpiresAt,
                                    current.sessionEndsAt()))
                            .conditionExpression("attribute_not_exists(" + PK + ")").build()).build(),
                    TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                            .key(UsersTable.family(current.userId(), current.familyId()))
                            .updateExpression("SET #ttl = :ttl, activeToken = :next")
                            .conditionExpression("attribute_exists(" + PK + ") AND revoked = :false")
                            .expressionAttributeNames(Map.of("#ttl", UsersTable.TTL))
                            .expressionAttributeValues(Map.of(":ttl", ttl(newExpiresAt), ":next", s(newTokenHash),
                                    ":false", AttributeValue.fromBool(false))).build()).build()));
            return true;
        } catch (TransactionCanceledException lost) {
            return false;
        }
    }

    @Override
    public Optional<Instant> reissue(UserId userId, String familyId, String newTokenHash, Instant now,
                                     Instant wishedExpiry) {
        Map<String, AttributeValue> family = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(UsersTable.family(userId, familyId)).consistentRead(true)).item();
        if (family == null || family.isEmpty() || family.get("revoked").bool() || !family.containsKey("activeToken")) {
            return Optional.empty();
        }
        Instant sessionEndsAt = family.containsKey(SESSION_ENDS) ? instant(family.get(SESSION_ENDS)) : wishedExpiry;
        Instant newExpiresAt = wishedExpiry.isAfter(sessionEndsAt) ? sessionEndsAt : wishedExpiry;
        if (!now.isBefore(newExpiresAt)) {
            return Optional.empty();
        }
        String previous = family.get("activeToken").s();
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                            .key(UsersTable.refreshToken(previous))
                            .updateExpression("SET #status = :rotated")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(Map.of(":rotated", s(Status.ROTATED.name()))).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                            .item(tokenItem(newTokenHash, userId, familyId, newExpiresAt, sessionEndsAt))
                            .conditionExpression("attribute_not_exists(" + PK + ")").build()).build(),
                    TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                            .key(UsersTable.family(userId, familyId))
                            .updateExpression("SET #ttl = :ttl, activeToken = :next")
                            .conditionExpression("revoked = :false AND activeToken = :previous")
                            .expressionAttributeNames(Map.of("#ttl", UsersTable.TTL))
                            .expressionAttributeValues(Map.of(":ttl", ttl(newExpiresAt), ":next", s(newTokenHash),
                                    ":previous", s(previous), ":false", AttributeValue.fromBool(false)))
                            .build()).build()));
            return Optional.of(newExpiresAt);
        } catch (TransactionCanceledException changedMeanwhile) {
            return Optional.empty();
        }
    }

    @Override
    public void revokeFamily(UserId userId, String familyId) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name()).key(UsersTable.family(userId, familyId))
                    .updateExpression("SET revoked = :true")
                    .conditionExpression("attribute_exists(" + PK + ")")
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
        } catch (ConditionalCheckFailedException alreadyGone) {
            // Nothing left to revoke.
        }
    }

    @Override
    public boolean recordSecondFactor(UserId userId, String familyId, Instant at) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name()).key(UsersTable.family(userId, familyId))
                    .updateExpression("SET #at = :at")
                    .conditionExpression("attribute_exists(" + PK + ") AND revoked = :false")
                    .expressionAttributeNames(Map.of("#at", SessionFamilyItems.SECOND_FACTOR_AT))
                    .expressionAttributeValues(Map.of(":at", millis(at), ":false", AttributeValue.fromBool(false))));
            return true;
        } catch (ConditionalCheckFailedException ended) {
            return false;
        }
    }

    @Override
    public void revokeAllFamilies(UserId userId, Optional<String> keepFamilyId) {
        dynamoDb.queryPaginator(b -> b.tableName(table.name()).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :family)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":pk", s(SessionFamilyItems.userPartition(userId.value())),
                                ":family", s(SessionFamilyItems.FAMILY_PREFIX))))
                .items().stream()
                .map(item -> item.get(SK).s().substring(SessionFamilyItems.FAMILY_PREFIX.length()))
                .filter(familyId -> keepFamilyId.map(keep -> !keep.equals(familyId)).orElse(true))
                .forEach(familyId -> revokeFamily(userId, familyId));
    }

    private static Map<String, AttributeValue> tokenItem(String tokenHash, UserId userId, String familyId,
                                                         Instant expiresAt, Instant sessionEndsAt) {
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.refreshToken(tokenHash));
        item.put("userId", s(userId.value()));
        item.put("familyId", s(familyId));
        item.put("status", s(Status.ACTIVE.name()));
        item.put("validUntil", millis(expiresAt));
        item.put(SESSION_ENDS, millis(sessionEndsAt));
        item.put(UsersTable.TTL, ttl(expiresAt));
        UsersTable.indexUnderUser(item, "REFRESH", userId.value(), tokenHash);
        return item;
    }
}
