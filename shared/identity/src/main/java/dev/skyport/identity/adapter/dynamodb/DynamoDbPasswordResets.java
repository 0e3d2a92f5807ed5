package dev.skyport.identity.adapter.dynamodb;

import dev.skyport.identity.application.PasswordResets;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Password-reset links ({@code RESET#hash}); consuming one deletes it, so a link works once. */
@Singleton
public class DynamoDbPasswordResets implements PasswordResets {

    static final String TYPE = "RESET";

    private final SingleUseTokenItems items;

    DynamoDbPasswordResets(DynamoDbClient dynamoDb, UsersTable table) {
        this.items = new SingleUseTokenItems(dynamoDb, table, TYPE);
    }

    @Override
    public void save(String tokenHash, UserId userId, Instant expiresAt) {
        items.save(tokenHash, userId, expiresAt);
    }

    @Override
    public Optional<PendingReset> consume(String tokenHash) {
        return items.consume(tokenHash).map(pending -> new PendingReset(pending.userId(), pending.validUntil()));
    }
}
