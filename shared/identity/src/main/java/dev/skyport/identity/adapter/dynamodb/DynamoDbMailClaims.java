package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.identity.application.MailClaims;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Claims of mail requests ({@code MAILWORK#id}): one conditional put takes a request that is new or whose lease ran
 * out; "done" is kept for a day, longer than SQS keeps redelivering a message, then expires.
 */
@Singleton
public class DynamoDbMailClaims implements MailClaims {

    static final Duration KEPT_DONE = Duration.ofDays(1);
    private static final String CLAIMED = "CLAIMED";
    private static final String DONE = "DONE";

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;

    DynamoDbMailClaims(DynamoDbClient dynamoDb, UsersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Claim claim(UUID requestId, Instant now, Duration lease) {
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.mailWork(requestId));
        item.put("state", s(CLAIMED));
        item.put("leaseUntil", millis(now.plus(lease)));
        item.put(UsersTable.TTL, ttl(now.plus(KEPT_DONE)));
        try {
            dynamoDb.putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR (#state = :claimed AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#pk", UsersTable.PK, "#state", "state"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":now", millis(now)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Claim.TAKEN;
        } catch (ConditionalCheckFailedException held) {
            Map<String, AttributeValue> old = held.item();
            return old != null && old.containsKey("state") && DONE.equals(old.get("state").s())
                    ? Claim.ALREADY_DONE : Claim.HELD_ELSEWHERE;
        }
    }

    @Override
    public void done(UUID requestId, Instant now) {
        dynamoDb.updateItem(b -> b.tableName(table.name()).key(UsersTable.mailWork(requestId))
                .updateExpression("SET #state = :done, #ttl = :ttl REMOVE leaseUntil")
                .expressionAttributeNames(Map.of("#state", "state", "#ttl", UsersTable.TTL))
                .expressionAttributeValues(Map.of(":done", s(DONE), ":ttl", ttl(now.plus(KEPT_DONE)))));
    }

    @Override
    public void release(UUID requestId) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table.name()).key(UsersTable.mailWork(requestId))
                    .conditionExpression("#state = :claimed")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED))));
        } catch (ConditionalCheckFailedException notOurs) {
            // done meanwhile, or already released: nothing to give back
        }
    }
}
