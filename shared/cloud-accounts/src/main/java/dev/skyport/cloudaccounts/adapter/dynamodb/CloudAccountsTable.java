package dev.skyport.cloudaccounts.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.CloudAccountInUse;
import dev.skyport.platform.dynamodb.SessionFamilyItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The keys of the cloud-accounts table, in one place:
 * <pre>
 *   USER#id        ACCOUNT#accountId          a cloud account (metadata and the secret's ARN, never a secret); a
 *                                             cluster's create checks it exists ({@link CloudAccountInUse})
 *   USER#id        NAME#lower-name            uniqueness of the name for this user
 *   USER#id        COUNT                      how many accounts the user has (at most 20)
 *   USER#id        EXTERNAL_ID                the external id for assuming the user's AWS roles
 *   USER#id        FAILED_VERIFICATIONS       failed verifications of this user in the open window (TTL)
 *   ADDRESS#ip     FAILED_VERIFICATIONS       failed verifications from this client address in the open window (TTL)
 *   SECRET#name    SECRET                     local platform only: a secret sealed by its development secret store
 * </pre>
 * Everything of a user shares one partition, so ownership is part of every key (another user's id finds nothing)
 * and deleting a user is one query and a delete per item.
 */
@Singleton
public final class CloudAccountsTable {

    static final String PK = SkyportTables.CLOUD_ACCOUNTS.partitionKey();
    static final String SK = SkyportTables.CLOUD_ACCOUNTS.sortKey();
    static final String TTL = SkyportTables.CLOUD_ACCOUNTS.ttlAttribute().orElseThrow();
    static final String ACCOUNT_PREFIX = CloudAccountInUse.ACCOUNT_PREFIX;
    private static final String FAILED_VERIFICATIONS = "FAILED_VERIFICATIONS";

    private final String name;

    CloudAccountsTable(TableNames names) {
        this.name = names.nameOf(SkyportTables.CLOUD_ACCOUNTS);
    }

    String name() {
        return name;
    }

    /** The partition key value every item of this user has. */
    static AttributeValue userPartition(UserId owner) {
        return s(SessionFamilyItems.USER_PREFIX + owner.value());
    }

    static Map<String, AttributeValue> key(AttributeValue partition, String sortKey) {
        return Map.of(PK, partition, SK, s(sortKey));
    }

    /** Defined with the rule that clusters keep it ({@link CloudAccountInUse}): their create checks it. */
    static Map<String, AttributeValue> account(UserId owner, CloudAccountId id) {
        return CloudAccountInUse.account(owner, id.value());
    }

    static Map<String, AttributeValue> nameGuard(UserId owner, String nameKey) {
        return key(userPartition(owner), "NAME#" + nameKey);
    }

    static Map<String, AttributeValue> count(UserId owner) {
        return key(userPartition(owner), "COUNT");
    }

    static Map<String, AttributeValue> externalId(UserId owner) {
        return key(userPartition(owner), "EXTERNAL_ID");
    }

    static Map<String, AttributeValue> userFailures(UserId owner) {
        return key(userPartition(owner), FAILED_VERIFICATIONS);
    }

    static Map<String, AttributeValue> addressFailures(String address) {
        return key(s("ADDRESS#" + address), FAILED_VERIFICATIONS);
    }

    /** The item the local platform's development secret store keeps a secret in. */
    public static Map<String, AttributeValue> localSecret(String secretName) {
        return key(s("SECRET#" + secretName), "SECRET");
    }
}
