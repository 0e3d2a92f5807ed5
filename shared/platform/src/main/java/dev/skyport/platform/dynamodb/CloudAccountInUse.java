package dev.skyport.platform.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.kernel.UserId;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The one definition of a rule that spans two contexts' tables: a cloud account is not deleted while clusters that
 * are not DELETED live in it. The cloud-accounts context keeps the account ({@code USER#owner / ACCOUNT#id} in the
 * cloud-accounts table); the clusters context keeps how many of the owner's clusters in it are not DELETED
 * ({@code USER#owner / ACCOUNT#id} in the clusters table, {@value #ACTIVE_CLUSTERS}), moved in the same transactions
 * that create a cluster and make one DELETED. Each side checks the other's item in its own transaction, only reading
 * it: of a cluster's create and its account's delete made at the same moment, exactly one commits.
 */
public final class CloudAccountInUse {

    /** The sort-key prefix of both items: the account, and the count of the clusters in it. */
    public static final String ACCOUNT_PREFIX = "ACCOUNT#";
    /** The count's attribute on the clusters table's item. */
    public static final String ACTIVE_CLUSTERS = "activeClusters";

    private CloudAccountInUse() {
    }

    /** The key of the cloud account's item in the cloud-accounts table. */
    public static Map<String, AttributeValue> account(UserId owner, String cloudAccountId) {
        return key(SkyportTables.CLOUD_ACCOUNTS, owner, cloudAccountId);
    }

    /** The key of the item in the clusters table that counts the owner's clusters in the account. */
    public static Map<String, AttributeValue> clustersIn(UserId owner, String cloudAccountId) {
        return key(SkyportTables.CLUSTERS, owner, cloudAccountId);
    }

    /** For the transaction that creates a cluster: the owner's account is still there. */
    public static TransactWriteItem accountExists(TableNames names, UserId owner, String cloudAccountId) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(names.nameOf(SkyportTables.CLOUD_ACCOUNTS))
                .key(account(owner, cloudAccountId))
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", SkyportTables.CLOUD_ACCOUNTS.partitionKey())).build())
                .build();
    }

    /** For the transaction that deletes the account: none of the owner's clusters in it is not DELETED. */
    public static TransactWriteItem noClusterIn(TableNames names, UserId owner, String cloudAccountId) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(names.nameOf(SkyportTables.CLUSTERS))
                .key(clustersIn(owner, cloudAccountId))
                .conditionExpression("attribute_not_exists(#count) OR #count <= :zero")
                .expressionAttributeNames(Map.of("#count", ACTIVE_CLUSTERS))
                .expressionAttributeValues(Map.of(":zero", n(0))).build())
                .build();
    }

    private static Map<String, AttributeValue> key(TableDefinition table, UserId owner, String cloudAccountId) {
        return Map.of(table.partitionKey(), s(SessionFamilyItems.USER_PREFIX + owner.value()),
                table.sortKey(), s(ACCOUNT_PREFIX + cloudAccountId));
    }
}
