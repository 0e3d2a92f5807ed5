package dev.skyport.cloudaccounts.adapter.dynamodb;

import static dev.skyport.cloudaccounts.adapter.dynamodb.CloudAccountsTable.PK;
import static dev.skyport.cloudaccounts.adapter.dynamodb.CloudAccountsTable.SK;
import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.cloudaccounts.application.CloudAccountService;
import dev.skyport.cloudaccounts.application.CloudAccounts;
import dev.skyport.cloudaccounts.application.ExternalIds;
import dev.skyport.cloudaccounts.domain.AccountName;
import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.DeploymentEnvironment;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.platform.dynamodb.CloudAccountInUse;
import dev.skyport.platform.dynamodb.TableNames;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Cloud accounts and external ids in the cloud-accounts table (keys: {@link CloudAccountsTable}). */
@Singleton
public class DynamoDbCloudAccounts implements CloudAccounts, ExternalIds {

    /** How often a delete is tried when it only collided with another transaction on the same items. */
    private static final int CONFLICT_ATTEMPTS = 5;
    /** Where the check that no cluster lives in the account is among a delete's writes. */
    private static final int NO_CLUSTER_CHECK = 3;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final TableNames tables;

    DynamoDbCloudAccounts(DynamoDbClient dynamoDb, CloudAccountsTable table, TableNames tables) {
        this.dynamoDb = dynamoDb;
        this.table = table.name();
        this.tables = tables;
    }

    @Override
    public void create(CloudAccount account) {
        Map<String, AttributeValue> guard = new HashMap<>(CloudAccountsTable.nameGuard(account.owner(),
                account.name().key()));
        guard.put("accountId", s(account.id().value()));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(account))
                            .conditionExpression("attribute_not_exists(" + PK + ")").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(guard)
                            .conditionExpression("attribute_not_exists(" + PK + ")").build()).build(),
                    TransactWriteItem.builder().update(Update.builder().tableName(table)
                            .key(CloudAccountsTable.count(account.owner()))
                            .updateExpression("ADD accounts :one")
                            .conditionExpression("attribute_not_exists(accounts) OR accounts < :max")
                            .expressionAttributeValues(Map.of(":one", n(1), ":max", n(MAX_PER_USER))).build())
                            .build()));
        } catch (TransactionCanceledException cancelled) {
            var reasons = cancelled.cancellationReasons();
            if (reasons.size() > 2 && "ConditionalCheckFailed".equals(reasons.get(2).code())) {
                throw CloudAccountService.tooMany();
            }
            throw CloudAccountService.nameTaken(account.name());
        }
    }

    @Override
    public Optional<CloudAccount> find(UserId owner, CloudAccountId id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(CloudAccountsTable.account(owner, id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(account(item));
    }

    @Override
    public List<CloudAccount> list(UserId owner) {
        return dynamoDb.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :account)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":pk", CloudAccountsTable.userPartition(owner),
                                ":account", s(CloudAccountsTable.ACCOUNT_PREFIX))))
                .items().stream().map(DynamoDbCloudAccounts::account)
                .sorted(Comparator.comparing(CloudAccount::createdAt)).toList();
    }

    @Override
    public int count(UserId owner) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(CloudAccountsTable.count(owner)).consistentRead(true)).item();
        return item == null || !item.containsKey("accounts") ? 0 : Integer.parseInt(item.get("accounts").n());
    }

    @Override
    public boolean nameTaken(UserId owner, String nameKey) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(CloudAccountsTable.nameGuard(owner, nameKey)).consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public void recordVerification(CloudAccount account, Instant at, Optional<String> problem,
                                   Map<String, String> summary, Map<String, String> details) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":at", n(at.toEpochMilli()),
                ":summary", map(summary), ":details", map(details)));
        String update = "SET lastVerifiedAt = :at, summary = :summary, details = :details";
        if (problem.isPresent()) {
            values.put(":problem", s(problem.get()));
            update += ", problem = :problem";
        } else {
            update += " REMOVE problem";
        }
        String expression = update;
        dynamoDb.updateItem(b -> b.tableName(table).key(CloudAccountsTable.account(account.owner(), account.id()))
                .updateExpression(expression).conditionExpression("attribute_exists(" + PK + ")")
                .expressionAttributeValues(values));
    }

    /**
     * Deletes the account, its name guard and one from the count, in one transaction that also checks, in the
     * clusters table, that no cluster that is not DELETED lives in the account ({@link CloudAccountInUse}): a
     * cluster created at the same moment either commits first and refuses this delete, or finds the account gone.
     */
    @Override
    public void delete(CloudAccount account) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(CloudAccountsTable.account(account.owner(), account.id()))
                        .conditionExpression("attribute_exists(" + PK + ")").build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(CloudAccountsTable.nameGuard(account.owner(), account.name().key())).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(CloudAccountsTable.count(account.owner())).updateExpression("ADD accounts :minusOne")
                        .expressionAttributeValues(Map.of(":minusOne", n(-1))).build()).build(),
                CloudAccountInUse.noClusterIn(tables, account.owner(), account.id().value()));
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                if (failed(reasons, 0)) {
                    return; // deleted by a concurrent request (or a retried event): nothing left to do
                }
                if (failed(reasons, NO_CLUSTER_CHECK)) {
                    throw new InUse();
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt == CONFLICT_ATTEMPTS) {
                    throw cancelled;
                }
                // another transaction held one of these items at that moment: every write here is conditional,
                // so trying again is safe and gives the answer that is due once it has committed
            }
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /** One query for the keys of the user's partition, one DeleteItem per item: no write but deletes. */
    @Override
    public void removeAllOf(UserId owner) {
        dynamoDb.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .projectionExpression("#pk, #sk")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":pk", CloudAccountsTable.userPartition(owner))))
                .items().forEach(key -> dynamoDb.deleteItem(b -> b.tableName(table).key(key)));
    }

    @Override
    public String externalIdFor(UserId user) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(CloudAccountsTable.externalId(user)).consistentRead(true)).item();
        if (item != null && item.containsKey("externalId")) {
            return item.get("externalId").s();
        }
        String fresh = "skyport-" + OpaqueToken.generate().substring(0, 32);
        Map<String, AttributeValue> created = new HashMap<>(CloudAccountsTable.externalId(user));
        created.put("externalId", s(fresh));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(created)
                    .conditionExpression("attribute_not_exists(" + PK + ")"));
            return fresh;
        } catch (ConditionalCheckFailedException madeMeanwhile) {
            return externalIdFor(user);
        }
    }

    private static Map<String, AttributeValue> item(CloudAccount account) {
        Map<String, AttributeValue> item = new HashMap<>(CloudAccountsTable.account(account.owner(), account.id()));
        item.put("id", s(account.id().value()));
        item.put("owner", s(account.owner().value()));
        item.put("name", s(account.name().value()));
        item.put("provider", s(account.provider().name()));
        item.put("environment", s(account.environment().name()));
        item.put("summary", map(account.summary()));
        item.put("details", map(account.details()));
        item.put("secretRef", s(account.secretRef()));
        item.put("createdAt", n(account.createdAt().toEpochMilli()));
        item.put("lastVerifiedAt", n(account.lastVerifiedAt().toEpochMilli()));
        account.lastVerificationProblem().ifPresent(problem -> item.put("problem", s(problem)));
        return item;
    }

    private static CloudAccount account(Map<String, AttributeValue> item) {
        return new CloudAccount(
                new CloudAccountId(item.get("id").s()),
                new UserId(item.get("owner").s()),
                new AccountName(item.get("name").s()),
                CloudProvider.valueOf(item.get("provider").s()),
                DeploymentEnvironment.valueOf(item.get("environment").s()),
                unmap(item.get("summary")),
                unmap(item.get("details")),
                item.get("secretRef").s(),
                Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())),
                Instant.ofEpochMilli(Long.parseLong(item.get("lastVerifiedAt").n())),
                Optional.ofNullable(item.get("problem")).map(AttributeValue::s));
    }

    private static AttributeValue map(Map<String, String> values) {
        return AttributeValue.fromM(values.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue()))));
    }

    private static Map<String, String> unmap(AttributeValue value) {
        return value == null || !value.hasM() ? Map.of() : value.m().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
    }
}
