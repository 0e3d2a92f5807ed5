package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.kernel.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Links that work once ({@code <TYPE>#hash / TOKEN}: e-mail verification, password reset): stored by the hash of
 * their token, indexed under their user (deleted with the account), consumed by a delete that returns what it
 * removed, so two concurrent uses cannot both succeed.
 */
final class SingleUseTokenItems {

    /** Expired links stay a day, so that opening one late says "expired" rather than "unknown". */
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    /** A link's user and the end of its validity. */
    record Pending(UserId userId, Instant validUntil) {
    }

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;
    private final String type;

    SingleUseTokenItems(DynamoDbClient dynamoDb, UsersTable table, String type) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.type = type;
    }

    void save(String tokenHash, UserId userId, Instant validUntil) {
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.singleUseToken(type, tokenHash));
        item.put("userId", s(userId.value()));
        item.put("validUntil", millis(validUntil));
        item.put(UsersTable.TTL, ttl(validUntil.plus(KEEP_AFTER_EXPIRY)));
        UsersTable.indexUnderUser(item, type, userId.value(), tokenHash);
        dynamoDb.putItem(b -> b.tableName(table.name()).item(item));
    }

    Optional<Pending> consume(String tokenHash) {
        Map<String, AttributeValue> old = dynamoDb.deleteItem(b -> b.tableName(table.name())
                .key(UsersTable.singleUseToken(type, tokenHash)).returnValues(ReturnValue.ALL_OLD)).attributes();
        if (old == null || old.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Pending(new UserId(old.get("userId").s()), instant(old.get("validUntil"))));
    }
}
