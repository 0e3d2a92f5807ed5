package dev.skyport.identity.adapter.dynamodb;

import dev.skyport.identity.application.EmailVerifications;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Verification links ({@code VERIFY#hash}); consuming one deletes it, so a link works once. */
@Singleton
public class DynamoDbEmailVerifications implements EmailVerifications {

    static final String TYPE = "VERIFY";

    private final SingleUseTokenItems items;

    DynamoDbEmailVerifications(DynamoDbClient dynamoDb, UsersTable table) {
        this.items = new SingleUseTokenItems(dynamoDb, table, TYPE);
    }

    @Override
    public void save(String tokenHash, UserId userId, Instant expiresAt) {
        items.save(tokenHash, userId, expiresAt);
    }

    @Override
    public Optional<PendingVerification> consume(String tokenHash) {
        return items.consume(tokenHash)
                .map(pending -> new PendingVerification(pending.userId(), pending.validUntil()));
    }
}
