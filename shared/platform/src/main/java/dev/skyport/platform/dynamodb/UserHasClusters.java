package dev.skyport.platform.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.kernel.UserId;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The one definition of a rule that spans the identity and clusters contexts' tables: a person's account is not
 * deleted while they have clusters that are not DELETED (the clusters live in their cloud, and only Skyport removes
 * them), and no cluster is created for an account that is gone. The identity context keeps the person
 * ({@code USER#id / PROFILE} in the users table); the clusters context keeps how many of their clusters are not
 * DELETED ({@code USER#id / COUNT} in the clusters table, {@value #ACTIVE_CLUSTERS}), moved in the same transactions
 * that create a cluster and make one DELETED. Each side checks the other's item in its own transaction, only reading
 * it: of a cluster's create and its owner's account deletion made at the same moment, exactly one commits.
 */
public final class UserHasClusters {

    /** The count's attribute on the clusters table's item. */
    public static final String ACTIVE_CLUSTERS = "activeClusters";
    private static final String PROFILE = "PROFILE";
    private static final String COUNT = "COUNT";

    private UserHasClusters() {
    }

    /** The key of the person's item in the users table. */
    public static Map<String, AttributeValue> user(UserId id) {
        return key(SkyportTables.USERS, id, PROFILE);
    }

    /** The key of the item in the clusters table that counts the person's clusters that are not DELETED. */
    public static Map<String, AttributeValue> clustersOf(UserId owner) {
        return key(SkyportTables.CLUSTERS, owner, COUNT);
    }

    /** For the transaction that creates a cluster: its owner's account is still there. */
    public static TransactWriteItem userExists(TableNames names, UserId owner) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(names.nameOf(SkyportTables.USERS))
                .key(user(owner))
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", SkyportTables.USERS.partitionKey())).build())
                .build();
    }

    /** For the transaction that deletes the account: none of the person's clusters is not DELETED. */
    public static TransactWriteItem noCluster(TableNames names, UserId owner) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(names.nameOf(SkyportTables.CLUSTERS))
                .key(clustersOf(owner))
                .conditionExpression("attribute_not_exists(#count) OR #count <= :zero")
                .expressionAttributeNames(Map.of("#count", ACTIVE_CLUSTERS))
                .expressionAttributeValues(Map.of(":zero", n(0))).build())
                .build();
    }

    private static Map<String, AttributeValue> key(TableDefinition table, UserId id, String sortKey) {
        return Map.of(table.partitionKey(), s(SessionFamilyItems.USER_PREFIX + id.value()),
                table.sortKey(), s(sortKey));
    }
}
