package dev.skyport.cloudaccounts.adapter.dynamodb;

import dev.skyport.platform.dynamodb.AttributeValues;
import static dev.skyport.platform.dynamodb.AttributeValues.n;

import dev.skyport.cloudaccounts.application.VerificationFailures;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Failed-verification counters ({@code FAILED_VERIFICATIONS} items of a user and of a client address, see
 * {@link CloudAccountsTable}). Counting is an atomic ADD inside the open window; once the window is over, one
 * conditional update opens a fresh one. DynamoDB's TTL removes counters after their window.
 */
@Singleton
public class DynamoDbVerificationFailures implements VerificationFailures {

    private static final String FAILURES = "failures";
    private static final String WINDOW_START = "windowStart";

    private final DynamoDbClient dynamoDb;
    private final String table;

    DynamoDbVerificationFailures(DynamoDbClient dynamoDb, CloudAccountsTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table.name();
    }

    @Override
    public Counts current(UserId user, String clientAddress, Instant now, Duration window) {
        return new Counts(windowOf(CloudAccountsTable.userFailures(user), now, window),
                windowOf(CloudAccountsTable.addressFailures(clientAddress), now, window));
    }

    @Override
    public void record(UserId user, String clientAddress, Instant now, Duration window) {
        count(CloudAccountsTable.userFailures(user), now, window);
        count(CloudAccountsTable.addressFailures(clientAddress), now, window);
    }

    private void count(Map<String, AttributeValue> key, Instant now, Duration window) {
        Map<String, String> names = Map.of("#ttl", CloudAccountsTable.TTL, "#start", WINDOW_START, "#n", FAILURES);
        Map<String, AttributeValue> values = Map.of(":one", n(1), ":now", n(now.toEpochMilli()),
                ":ttl", AttributeValues.ttl(now.plus(window)), ":cutoff", n(now.minus(window).toEpochMilli()));
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                dynamoDb.updateItem(b -> b.tableName(table).key(key)
                        .updateExpression("ADD #n :one SET #start = if_not_exists(#start, :now),"
                                + " #ttl = if_not_exists(#ttl, :ttl)")
                        .conditionExpression("attribute_not_exists(#start) OR #start > :cutoff")
                        .expressionAttributeNames(names).expressionAttributeValues(values));
                return;
            } catch (ConditionalCheckFailedException windowOver) {
                try {
                    dynamoDb.updateItem(b -> b.tableName(table).key(key)
                            .updateExpression("SET #n = :one, #start = :now, #ttl = :ttl")
                            .conditionExpression("#start <= :cutoff")
                            .expressionAttributeNames(names).expressionAttributeValues(values));
                    return;
                } catch (ConditionalCheckFailedException reopenedMeanwhile) {
                    // Another failure opened the fresh window first: count in it.
                }
            }
        }
    }

    private Optional<Window> windowOf(Map<String, AttributeValue> key, Instant now, Duration window) {
        return Optional.ofNullable(dynamoDb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item())
                .filter(item -> item.containsKey(WINDOW_START) && item.containsKey(FAILURES))
                .map(item -> new Window(Integer.parseInt(item.get(FAILURES).n()),
                        Instant.ofEpochMilli(Long.parseLong(item.get(WINDOW_START).n())).plus(window)))
                .filter(open -> now.isBefore(open.endsAt()));
    }
}
