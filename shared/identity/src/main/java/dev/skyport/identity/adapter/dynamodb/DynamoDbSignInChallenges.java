package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.identity.adapter.dynamodb.UsersTable.PK;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.identity.application.SignInChallenges;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Sign-ins waiting for their second step ({@code MFACHALLENGE#hash / TOKEN}): each attempt is counted by a
 * conditional ADD (valid, under the limit), the successful one deletes the item on condition that it is still there.
 * Indexed under their person, so deleting the account removes them.
 */
@Singleton
public class DynamoDbSignInChallenges implements SignInChallenges {

    static final String TYPE = "MFACHALLENGE";

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;

    DynamoDbSignInChallenges(DynamoDbClient dynamoDb, UsersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void save(String challengeHash, UserId userId, Instant validUntil) {
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.signInChallenge(challengeHash));
        item.put("userId", s(userId.value()));
        item.put("validUntil", millis(validUntil));
        item.put("attempts", n(0));
        item.put(UsersTable.TTL, ttl(validUntil));
        UsersTable.indexUnderUser(item, TYPE, userId.value(), challengeHash);
        dynamoDb.putItem(b -> b.tableName(table.name()).item(item));
    }

    @Override
    public Optional<UserId> attempt(String challengeHash, Instant now, int maxAttempts) {
        try {
            Map<String, AttributeValue> item = dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(UsersTable.signInChallenge(challengeHash))
                    .updateExpression("ADD attempts :one")
                    .conditionExpression("attribute_exists(" + PK + ") AND attempts < :max AND validUntil > :now")
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(maxAttempts), ":now", millis(now)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(new UserId(item.get("userId").s()));
        } catch (ConditionalCheckFailedException gone) {
            return Optional.empty();
        }
    }

    @Override
    public boolean consume(String challengeHash) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table.name()).key(UsersTable.signInChallenge(challengeHash))
                    .conditionExpression("attribute_exists(" + PK + ")"));
            return true;
        } catch (ConditionalCheckFailedException usedMeanwhile) {
            return false;
        }
    }
}
