package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.identity.application.EmailVerifications;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Verification links ({@code VERIFY#hash}); consuming one deletes it, so a link works once. */
@Singleton
public class DynamoDbEmailVerifications implements EmailVerifications {

    /** Expired links stay a day, so that opening one late says "expired" rather than "unknown". */
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;

    DynamoDbEmailVerifications(DynamoDbClient dynamoDb, UsersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void save(String tokenHash, UserId userId, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.verification(tokenHash));
        item.put("userId", s(userId.value()));
        item.put("validUntil", millis(expiresAt));
        item.put(UsersTable.TTL, ttl(expiresAt.plus(KEEP_AFTER_EXPIRY)));
        UsersTable.indexUnderUser(item, "VERIFY", userId.value(), tokenHash);
        dynamoDb.putItem(b -> b.tableName(table.name()).item(item));
    }

    @Override
    public Optional<PendingVerification> consume(String tokenHash) {
        Map<String, AttributeValue> old = dynamoDb.deleteItem(b -> b.tableName(table.name())
                .key(UsersTable.verification(tokenHash)).returnValues(ReturnValue.ALL_OLD)).attributes();
        if (old == null || old.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PendingVerification(new UserId(old.get("userId").s()), instant(old.get("validUntil"))));
    }
}
