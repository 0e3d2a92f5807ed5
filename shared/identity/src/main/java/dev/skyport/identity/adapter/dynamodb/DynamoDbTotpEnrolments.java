package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.identity.adapter.dynamodb.UsersTable.PK;
import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.identity.application.TotpEnrolments;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A person's TOTP enrolment ({@code USER#id / MFA#TOTP}), in the person's partition so that deleting the account
 * removes it. A pending one expires with the table's TTL; turning it on or off changes the profile's {@code mfa} flag
 * in the same transaction. Codes and recovery codes are used with conditional updates: {@code lastStep < :step},
 * {@code contains(recovery, :hash)}.
 */
@Singleton
public class DynamoDbTotpEnrolments implements TotpEnrolments {

    private static final String ON = "ON";
    private static final String PENDING = "PENDING";

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;

    DynamoDbTotpEnrolments(DynamoDbClient dynamoDb, UsersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<TotpEnrolment> find(UserId userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(UsersTable.totp(userId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        boolean on = ON.equals(item.get("status").s());
        return Optional.of(new TotpEnrolment(item.get("secret").s(), on,
                item.containsKey("lastStep") ? Long.parseLong(item.get("lastStep").n()) : -1,
                item.containsKey("recovery") ? item.get("recovery").ss().size() : 0,
                on ? Optional.empty() : Optional.ofNullable(item.get("pendingUntil")).map(v -> instant(v))));
    }

    @Override
    public boolean savePending(UserId userId, String sealedSecret, Instant now, Instant pendingUntil) {
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.totp(userId));
        item.put("status", s(PENDING));
        item.put("secret", s(sealedSecret));
        item.put("createdAt", millis(now));
        item.put("pendingUntil", millis(pendingUntil));
        item.put(UsersTable.TTL, ttl(pendingUntil));
        try {
            dynamoDb.putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(" + PK + ") OR #status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":pending", s(PENDING))));
            return true;
        } catch (ConditionalCheckFailedException on) {
            return false;
        }
    }

    @Override
    public boolean activate(UserId userId, String sealedSecret, long usedStep, List<String> recoveryCodeHashes,
                            Instant now) {
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                            .key(UsersTable.totp(userId))
                            .updateExpression("SET #status = :on, lastStep = :step, recovery = :codes,"
                                    + " enabledAt = :now REMOVE #ttl, pendingUntil")
                            .conditionExpression("#status = :pending AND secret = :secret")
                            .expressionAttributeNames(Map.of("#status", "status", "#ttl", UsersTable.TTL))
                            .expressionAttributeValues(Map.of(":on", s(ON), ":pending", s(PENDING),
                                    ":secret", s(sealedSecret), ":step", n(usedStep),
                                    ":codes", AttributeValue.fromSs(recoveryCodeHashes), ":now", millis(now)))
                            .build()).build(),
                    profileFlag(userId, true)));
            return true;
        } catch (TransactionCanceledException lost) {
            return false;
        }
    }

    @Override
    public boolean useStep(UserId userId, long step) {
        return update(userId, "SET lastStep = :step",
                "#status = :on AND (attribute_not_exists(lastStep) OR lastStep < :step)", Map.of(":step", n(step)));
    }

    @Override
    public boolean useRecoveryCode(UserId userId, String recoveryCodeHash) {
        return update(userId, "DELETE recovery :codes", "#status = :on AND contains(recovery, :code)",
                Map.of(":codes", AttributeValue.fromSs(List.of(recoveryCodeHash)), ":code", s(recoveryCodeHash)));
    }

    @Override
    public boolean reseal(UserId userId, String sealedSecret, String resealedSecret) {
        return update(userId, "SET secret = :resealed", "#status = :on AND secret = :sealed",
                Map.of(":resealed", s(resealedSecret), ":sealed", s(sealedSecret)));
    }

    @Override
    public boolean replaceRecoveryCodes(UserId userId, List<String> recoveryCodeHashes) {
        return update(userId, "SET recovery = :codes", "#status = :on",
                Map.of(":codes", AttributeValue.fromSs(recoveryCodeHashes)));
    }

    @Override
    public boolean remove(UserId userId) {
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                            .key(UsersTable.totp(userId))
                            .conditionExpression("attribute_exists(" + PK + ")").build()).build(),
                    profileFlag(userId, false)));
            return true;
        } catch (TransactionCanceledException none) {
            return false;
        }
    }

    private boolean update(UserId userId, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":on", s(ON));
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name()).key(UsersTable.totp(userId))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(all));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        }
    }

    /** The profile says whether two-factor sign-in is on (so every token issued from it says so too). */
    private TransactWriteItem profileFlag(UserId userId, boolean on) {
        Update.Builder profile = Update.builder().tableName(table.name()).key(UsersTable.user(userId))
                .conditionExpression("attribute_exists(" + PK + ")")
                .expressionAttributeNames(Map.of("#mfa", UserItems.SECOND_FACTOR));
        if (on) {
            profile.updateExpression("SET #mfa = :on").expressionAttributeValues(Map.of(":on",
                    AttributeValue.fromBool(true)));
        } else {
            profile.updateExpression("REMOVE #mfa");
        }
        return TransactWriteItem.builder().update(profile.build()).build();
    }
}
