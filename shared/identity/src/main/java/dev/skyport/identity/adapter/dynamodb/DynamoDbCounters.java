package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.identity.application.LoginAttempts;
import dev.skyport.identity.application.RequestCounters;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Windowed counters ({@code LOCKOUT#key}): failed logins (the key naming an address, an account or both) and
 * rate-limited requests. Counting is an atomic ADD inside the open window; once the window
 * is over, the first new failure opens a fresh one.
 */
@Singleton
public class DynamoDbCounters implements LoginAttempts, RequestCounters {

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;

    DynamoDbCounters(DynamoDbClient dynamoDb, UsersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public int recordFailure(String accountKey, Instant now, Duration window) {
        return increment(accountKey, now, window).value();
    }

    @Override
    public Count increment(String accountKey, Instant now, Duration window) {
        try {
            Map<String, AttributeValue> updated = dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(UsersTable.lockout(accountKey))
                    .updateExpression("ADD failures :one SET windowStart = if_not_exists(windowStart, :now),"
                            + " lastFailure = :now, #ttl = if_not_exists(#ttl, :ttl)")
                    .conditionExpression("attribute_not_exists(windowStart) OR windowStart > :cutoff")
                    .expressionAttributeNames(Map.of("#ttl", UsersTable.TTL))
                    .expressionAttributeValues(Map.of(":one", n(1), ":now", millis(now),
                            ":ttl", ttl(now.plus(window)), ":cutoff", millis(now.minus(window))))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return new Count(Integer.parseInt(updated.get("failures").n()),
                    instant(updated.get("windowStart")).plus(window));
        } catch (ConditionalCheckFailedException windowOver) {
            Map<String, AttributeValue> fresh = new HashMap<>(UsersTable.lockout(accountKey));
            fresh.put("failures", n(1));
            fresh.put("windowStart", millis(now));
            fresh.put("lastFailure", millis(now));
            fresh.put(UsersTable.TTL, ttl(now.plus(window)));
            dynamoDb.putItem(b -> b.tableName(table.name()).item(fresh));
            return new Count(1, now.plus(window));
        }
    }

    @Override
    public Optional<Window> currentWindow(String accountKey, Instant now, Duration window) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(UsersTable.lockout(accountKey)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Instant endsAt = instant(item.get("windowStart")).plus(window);
        return now.isBefore(endsAt)
                ? Optional.of(new Window(Integer.parseInt(item.get("failures").n()), endsAt,
                        instant(item.getOrDefault("lastFailure", item.get("windowStart")))))
                : Optional.empty();
    }

    @Override
    public void reset(String accountKey) {
        dynamoDb.deleteItem(b -> b.tableName(table.name()).key(UsersTable.lockout(accountKey)));
    }

    /*
     * The addresses an account's owner signed in from: one item per account ({@code LOCKOUT#KNOWN#<account>}), each
     * address with when it stops being known, so that forgetting the account removes them all at once.
     */
    @Override
    public void rememberSignIn(String accountKey, String clientAddress, Instant now, Duration keep) {
        Map<String, AttributeValue> key = UsersTable.lockout(knownKey(accountKey));
        Map<String, String> names = Map.of("#addresses", "addresses", "#address", clientAddress,
                "#ttl", UsersTable.TTL);
        Map<String, AttributeValue> values = Map.of(":until", millis(now.plus(keep)), ":ttl", ttl(now.plus(keep)));
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name()).key(key)
                    .updateExpression("SET #addresses.#address = :until, #ttl = :ttl")
                    .conditionExpression("attribute_exists(#addresses)")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException first) {
            Map<String, AttributeValue> item = new HashMap<>(key);
            item.put("addresses", AttributeValue.fromM(Map.of(clientAddress, millis(now.plus(keep)))));
            item.put(UsersTable.TTL, ttl(now.plus(keep)));
            dynamoDb.putItem(b -> b.tableName(table.name()).item(item));
        }
    }

    @Override
    public boolean signedInFrom(String accountKey, String clientAddress, Instant now) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(UsersTable.lockout(knownKey(accountKey))).consistentRead(true)).item();
        if (item == null || !item.containsKey("addresses")) {
            return false;
        }
        AttributeValue until = item.get("addresses").m().get(clientAddress);
        // TTL deletes lag by up to days: each address's own end decides.
        return until != null && now.isBefore(instant(until));
    }

    @Override
    public void forgetSignIns(String accountKey) {
        dynamoDb.deleteItem(b -> b.tableName(table.name()).key(UsersTable.lockout(knownKey(accountKey))));
    }

    private static String knownKey(String accountKey) {
        return "KNOWN#" + accountKey;
    }
}
