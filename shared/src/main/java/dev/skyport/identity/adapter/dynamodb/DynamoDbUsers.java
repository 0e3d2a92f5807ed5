package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.identity.adapter.dynamodb.UsersTable.PK;
import static dev.skyport.identity.adapter.dynamodb.UsersTable.instant;
import static dev.skyport.identity.adapter.dynamodb.UsersTable.millis;
import static dev.skyport.identity.adapter.dynamodb.UsersTable.s;

import dev.skyport.identity.application.EmailTakenException;
import dev.skyport.identity.application.Users;
import dev.skyport.identity.application.UsernameTakenException;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.identity.domain.UserId;
import dev.skyport.identity.domain.Username;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Users with their uniqueness guards. DynamoDB has no unique constraint: a user, its {@code EMAIL#} and its
 * {@code USERNAME#} guard are written in one conditional transaction, so only one of many racing sign-ups wins.
 */
@Singleton
public class DynamoDbUsers implements Users {

    private static final int CONFLICT_RETRIES = 5;
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ISO_INSTANT;

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;
    private final Clock clock;

    DynamoDbUsers(DynamoDbClient dynamoDb, UsersTable table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void create(User user, Optional<User> replacing) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(userItem(user), "attribute_not_exists(" + PK + ")", Map.of()));
        Map<String, AttributeValue> emailGuard = guard(UsersTable.emailGuard(user.email()), user);
        user.verificationDeadline().ifPresent(deadline -> emailGuard.put("pendingUntil", millis(deadline)));
        Map<String, AttributeValue> usernameGuard = guard(UsersTable.usernameGuard(user.username()), user);
        if (replacing.isEmpty()) {
            writes.add(put(emailGuard, "attribute_not_exists(" + PK + ")", Map.of()));
            writes.add(put(usernameGuard, "attribute_not_exists(" + PK + ")", Map.of()));
        } else {
            User old = replacing.get();
            Map<String, AttributeValue> oldAndNow = Map.of(":old", s(old.id().value()),
                    ":now", millis(clock.instant()));
            writes.add(put(emailGuard, "userId = :old AND pendingUntil < :now", oldAndNow));
            boolean sameUsername = old.username().equals(user.username());
            writes.add(put(usernameGuard, sameUsername ? "userId = :old" : "attribute_not_exists(" + PK + ")",
                    sameUsername ? Map.of(":old", s(old.id().value())) : Map.of()));
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                    .key(UsersTable.user(old.id()))
                    .conditionExpression("verified = :false")
                    .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false))).build()).build());
            if (!sameUsername) {
                writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                        .key(UsersTable.usernameGuard(old.username()))
                        .conditionExpression("userId = :old")
                        .expressionAttributeValues(Map.of(":old", s(old.id().value()))).build()).build());
            }
        }
        transact(writes, user);
    }

    private void transact(List<TransactWriteItem> writes, User user) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                if (failed(reasons, 2)) {
                    throw new UsernameTakenException(user.username().value());
                }
                boolean conflictOnly = reasons.stream().noneMatch(r -> "ConditionalCheckFailed".equals(r.code()));
                if (!conflictOnly || attempt >= CONFLICT_RETRIES) {
                    throw new EmailTakenException();
                }
                pause(attempt);
            }
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(10L * attempt + (long) (Math.random() * 20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<User> findById(UserId id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(UsersTable.user(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toUser(item));
    }

    @Override
    public Optional<User> findByEmail(EmailAddress email) {
        return byGuard(UsersTable.emailGuard(email));
    }

    @Override
    public Optional<User> findByUsername(Username username) {
        return byGuard(UsersTable.usernameGuard(username));
    }

    private Optional<User> byGuard(Map<String, AttributeValue> guardKey) {
        Map<String, AttributeValue> guard = dynamoDb.getItem(b -> b.tableName(table.name())
                .key(guardKey).consistentRead(true)).item();
        if (guard == null || !guard.containsKey("userId")) {
            return Optional.empty();
        }
        return findById(new UserId(guard.get("userId").s()));
    }

    @Override
    public void markVerified(UserId id) {
        findById(id).ifPresent(user -> dynamoDb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                        .key(UsersTable.user(id))
                        .updateExpression("SET verified = :true REMOVE verificationDeadline")
                        .conditionExpression("attribute_exists(" + PK + ")")
                        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                        .key(UsersTable.emailGuard(user.email()))
                        .updateExpression("REMOVE pendingUntil")
                        .conditionExpression("userId = :id")
                        .expressionAttributeValues(Map.of(":id", s(id.value()))).build()).build())));
    }

    @Override
    public void extendVerificationDeadline(UserId id, Instant deadline) {
        findById(id).filter(user -> !user.verified()).ifPresent(user -> dynamoDb.transactWriteItems(b ->
                b.transactItems(
                        TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                                .key(UsersTable.user(id))
                                .updateExpression("SET verificationDeadline = :deadline")
                                .conditionExpression("verified = :false")
                                .expressionAttributeValues(Map.of(":deadline", millis(deadline),
                                        ":false", AttributeValue.fromBool(false))).build()).build(),
                        TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                                .key(UsersTable.emailGuard(user.email()))
                                .updateExpression("SET pendingUntil = :deadline")
                                .conditionExpression("userId = :id")
                                .expressionAttributeValues(Map.of(":deadline", millis(deadline),
                                        ":id", s(id.value()))).build()).build())));
    }

    @Override
    public void linkGoogleSubject(UserId id, String subject) {
        dynamoDb.updateItem(b -> b.tableName(table.name()).key(UsersTable.user(id))
                .updateExpression("SET googleSubject = :subject")
                .conditionExpression("attribute_exists(" + PK + ")")
                .expressionAttributeValues(Map.of(":subject", s(subject))));
    }

    @Override
    public void removePassword(UserId id) {
        dynamoDb.updateItem(b -> b.tableName(table.name()).key(UsersTable.user(id))
                .updateExpression("REMOVE passwordHash")
                .conditionExpression("attribute_exists(" + PK + ")"));
    }

    private Map<String, AttributeValue> guard(Map<String, AttributeValue> key, User user) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("userId", s(user.id().value()));
        return item;
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition,
                                  Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder().tableName(table.name()).item(item).conditionExpression(condition);
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    static Map<String, AttributeValue> userItem(User user) {
        Map<String, AttributeValue> item = new HashMap<>(UsersTable.user(user.id()));
        item.put("kind", s("USER"));
        item.put("createdKey", s(SORTABLE.format(user.createdAt()) + "#" + user.id().value()));
        item.put("id", s(user.id().value()));
        item.put("email", s(user.email().value()));
        item.put("username", s(user.username().value()));
        item.put("roles", AttributeValue.fromSs(user.roles().stream().map(Role::name).sorted().toList()));
        item.put("verified", AttributeValue.fromBool(user.verified()));
        item.put("createdAt", millis(user.createdAt()));
        user.passwordHash().ifPresent(hash -> item.put("passwordHash", s(hash)));
        user.googleSubject().ifPresent(subject -> item.put("googleSubject", s(subject)));
        user.verificationDeadline().ifPresent(deadline -> item.put("verificationDeadline", millis(deadline)));
        return item;
    }

    static User toUser(Map<String, AttributeValue> item) {
        return new User(
                new UserId(item.get("id").s()),
                new EmailAddress(item.get("email").s()),
                new Username(item.get("username").s()),
                Optional.ofNullable(item.get("passwordHash")).map(AttributeValue::s),
                Optional.ofNullable(item.get("googleSubject")).map(AttributeValue::s),
                item.get("roles").ss().stream().map(Role::valueOf).collect(Collectors.toSet()),
                item.get("verified").bool(),
                instant(item.get("createdAt")),
                Optional.ofNullable(item.get("verificationDeadline")).map(UsersTable::instant));
    }
}
