package dev.skyport.identity.adapter.dynamodb;

import static dev.skyport.identity.adapter.dynamodb.UsersTable.PK;
import static dev.skyport.platform.dynamodb.AttributeValues.instant;
import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.platform.dynamodb.CreatedKeyCursors;
import dev.skyport.platform.dynamodb.PersonalTokenItems;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.dynamodb.UserHasClusters;
import dev.skyport.identity.application.EmailTakenException;
import dev.skyport.identity.application.LastAdminException;
import dev.skyport.identity.application.UserPage;
import dev.skyport.identity.application.Users;
import dev.skyport.identity.application.UsernameTakenException;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.UserId;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import java.util.Set;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
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

    /** Where the check that the person has no cluster left is among a deletion's writes. */
    private static final int NO_CLUSTER_CHECK = 4;
    /** Where the count of admins is among a deletion's writes, when the person is one. */
    private static final int ADMIN_COUNT = 5;

    private final DynamoDbClient dynamoDb;
    private final UsersTable table;
    private final TableNames tables;
    private final Clock clock;

    DynamoDbUsers(DynamoDbClient dynamoDb, UsersTable table, TableNames tables, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.tables = tables;
        this.clock = clock;
    }

    @Override
    public void create(User user, Optional<User> replacing) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(UserItems.userItem(user), "attribute_not_exists(" + PK + ")", Map.of()));
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
        int adminDelta = (AdminCount.isAdmin(user) ? 1 : 0)
                - (replacing.filter(AdminCount::isAdmin).isPresent() ? 1 : 0);
        if (adminDelta != 0) {
            writes.add(AdminCount.change(table.name(), adminDelta));
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
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(UserItems.toUser(item));
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
    public void markVerified(User user, Set<Role> roles) {
        UserId id = user.id();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(UsersTable.user(id))
                .updateExpression("SET verified = :true, #roles = :roles REMOVE verificationDeadline")
                .conditionExpression("attribute_exists(" + PK + ")")
                .expressionAttributeNames(Map.of("#roles", "roles"))
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                        ":roles", AttributeValue.fromSs(roles.stream().map(Role::name).sorted().toList())))
                .build()).build());
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(UsersTable.emailGuard(user.email()))
                .updateExpression("REMOVE pendingUntil")
                .conditionExpression("userId = :id")
                .expressionAttributeValues(Map.of(":id", s(id.value()))).build()).build());
        if (roles.contains(Role.ADMIN) && !AdminCount.isAdmin(user)) {
            writes.add(AdminCount.change(table.name(), 1));
        }
        dynamoDb.transactWriteItems(b -> b.transactItems(writes));
    }

    @Override
    public void extendVerificationDeadline(User user, Instant deadline) {
        UserId id = user.id();
        dynamoDb.transactWriteItems(b ->
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
                                        ":id", s(id.value()))).build()).build()));
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

    @Override
    public void changePassword(UserId id, String passwordHash) {
        dynamoDb.updateItem(b -> b.tableName(table.name()).key(UsersTable.user(id))
                .updateExpression("SET passwordHash = :hash")
                .conditionExpression("attribute_exists(" + PK + ")")
                .expressionAttributeValues(Map.of(":hash", s(passwordHash))));
    }

    @Override
    public void changeUsername(User user, Username newUsername) {
        if (user.username().equals(newUsername)) {
            return;
        }
        Map<String, AttributeValue> newGuard = guard(UsersTable.usernameGuard(newUsername), user);
        Map<String, AttributeValue> id = Map.of(":id", s(user.id().value()));
        List<TransactWriteItem> writes = List.of(
                put(newGuard, "attribute_not_exists(" + PK + ")", Map.of()),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                        .key(UsersTable.usernameGuard(user.username()))
                        .conditionExpression("userId = :id").expressionAttributeValues(id).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                        .key(UsersTable.user(user.id()))
                        .updateExpression("SET username = :new")
                        .conditionExpression("username = :old")
                        .expressionAttributeValues(Map.of(":new", s(newUsername.value()),
                                ":old", s(user.username().value()))).build()).build());
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException cancelled) {
                boolean conflictOnly = cancelled.cancellationReasons().stream()
                        .noneMatch(r -> "ConditionalCheckFailed".equals(r.code()));
                if (!conflictOnly || attempt >= CONFLICT_RETRIES) {
                    // Whoever else won the name (or renamed this user meanwhile), this rename did not happen.
                    throw new UsernameTakenException(newUsername.value());
                }
                pause(attempt);
            }
        }
    }

    @Override
    public void changeRoles(User user, Set<Role> roles) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(UsersTable.user(user.id()))
                .updateExpression("SET #roles = :roles")
                .conditionExpression("#roles = :old")
                .expressionAttributeNames(Map.of("#roles", "roles"))
                .expressionAttributeValues(Map.of(
                        ":roles", AttributeValue.fromSs(roles.stream().map(Role::name).sorted().toList()),
                        ":old", AttributeValue.fromSs(user.roles().stream().map(Role::name).sorted().toList())))
                .build()).build());
        int adminDelta = (roles.contains(Role.ADMIN) ? 1 : 0) - (AdminCount.isAdmin(user) ? 1 : 0);
        if (adminDelta != 0) {
            writes.add(AdminCount.change(table.name(), adminDelta));
        }
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException cancelled) {
            if (failed(cancelled.cancellationReasons(), 1)) {
                throw new LastAdminException();
            }
            throw new DomainException(Failure.CONFLICT, "concurrent-change",
                    "the user's roles changed meanwhile; read them again and retry");
        }
    }

    @Override
    public void delete(User user, DomainEvent deleted) {
        Map<String, AttributeValue> id = Map.of(":id", s(user.id().value()));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                .key(UsersTable.user(user.id())).conditionExpression("attribute_exists(" + PK + ")").build()).build());
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                .key(UsersTable.emailGuard(user.email())).conditionExpression("userId = :id")
                .expressionAttributeValues(id).build()).build());
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                .key(UsersTable.usernameGuard(user.username())).conditionExpression("userId = :id")
                .expressionAttributeValues(id).build()).build());
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                .item(UserItems.pendingEvent(deleted)).build()).build());
        // A cluster created since the caller looked for them holds the account: of the two, one commits.
        writes.add(UserHasClusters.noCluster(tables, user.id()));
        if (AdminCount.isAdmin(user)) {
            writes.add(AdminCount.change(table.name(), -1));
        }
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException cancelled) {
            if (failed(cancelled.cancellationReasons(), NO_CLUSTER_CHECK)) {
                throw new DomainException(Failure.CONFLICT, "account-in-use",
                        "a cluster was created meanwhile: delete your clusters first, then the account");
            }
            if (failed(cancelled.cancellationReasons(), ADMIN_COUNT)) {
                throw new LastAdminException();
            }
            throw new DomainException(Failure.CONFLICT, "concurrent-change",
                    "the account changed while it was being deleted; try again");
        }
        // Sessions, tokens and tickets go after the user: from here on a refresh or a ticket finds no user, so
        // nothing can outlive it even if this clean-up is cut short (their TTL removes any leftover).
        dynamoDb.queryPaginator(b -> b.tableName(table.name()).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(UserKeys.USER_PREFIX + user.id().value()))))
                .items().forEach(this::deleteItem);
        for (String type : List.of("REFRESH", DynamoDbEmailVerifications.TYPE, DynamoDbPasswordResets.TYPE,
                "WSTICKET", PersonalTokenItems.KIND, DynamoDbSignInChallenges.TYPE)) {
            dynamoDb.queryPaginator(b -> b.tableName(table.name()).indexName(UsersTable.INDEX)
                            .keyConditionExpression("kind = :kind")
                            .expressionAttributeValues(Map.of(":kind", s(type + "#" + user.id().value()))))
                    .items().forEach(this::deleteItem);
        }
    }

    private void deleteItem(Map<String, AttributeValue> item) {
        dynamoDb.deleteItem(b -> b.tableName(table.name())
                .key(Map.of(PK, item.get(PK), UsersTable.SK, item.get(UsersTable.SK))));
    }

    @Override
    public void eventPublished(DomainEvent event) {
        dynamoDb.deleteItem(b -> b.tableName(table.name()).key(UsersTable.pendingEvent(event)));
    }

    @Override
    public List<DomainEvent> pendingEvents(int limit) {
        return dynamoDb.query(b -> b.tableName(table.name()).consistentRead(true).limit(limit)
                        .keyConditionExpression("#pk = :outbox")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":outbox", s(UsersTable.OUTBOX))))
                .items().stream()
                .map(UserItems::toEvent)
                .toList();
    }

    @Override
    public UserPage page(Optional<String> cursor, int limit) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":kind", s("USER")));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table.name())
                .indexName(UsersTable.INDEX)
                .keyConditionExpression("kind = :kind")
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .limit(limit);
        cursor.map(UserItems::startKey).ifPresent(query::exclusiveStartKey);
        QueryResponse response = dynamoDb.query(query.build());
        List<User> users = response.items().stream().map(UserItems::toUser).toList();
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(CreatedKeyCursors.encode(response.lastEvaluatedKey().get("createdKey").s()))
                : Optional.empty();
        return new UserPage(users, next);
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

}
