package dev.skyport.testing;

import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.CloudAccountInUse;
import dev.skyport.platform.dynamodb.DynamoDbLocalServer;
import dev.skyport.platform.dynamodb.DynamoDbTableProvisioner;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableDefinition;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.dynamodb.UserHasClusters;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local per test JVM (in memory, on a free loopback port). Each test class asks for fresh tables
 * with unique names, so classes never see each other's items.
 */
public final class DynamoDbLocalFixture {

    private static DynamoDbLocalServer server;
    private static DynamoDbClient client;

    private DynamoDbLocalFixture() {
    }

    public static synchronized URI endpoint() {
        if (server == null) {
            server = DynamoDbLocalServer.start(Optional.empty(), 0);
            client = DynamoDbClient.builder()
                    .endpointOverride(server.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server.endpoint();
    }

    public static DynamoDbClient client() {
        endpoint();
        return client;
    }

    /** Creates every Skyport table under fresh names and returns them. */
    public static TableNames freshTables() {
        TableNames names = new TableNames("users-" + UUID.randomUUID(), "cloud-accounts-" + UUID.randomUUID(),
                "clusters-" + UUID.randomUUID(), "notifications-" + UUID.randomUUID(),
                "connections-" + UUID.randomUUID(), "audit-" + UUID.randomUUID());
        DynamoDbTableProvisioner provisioner = new DynamoDbTableProvisioner(client());
        for (TableDefinition table : SkyportTables.ALL) {
            provisioner.createIfMissing(table, names.nameOf(table));
        }
        return names;
    }

    /** Micronaut properties that point an application context at DynamoDB Local and the given tables. */
    public static Map<String, String> properties(TableNames names) {
        Map<String, String> properties = new HashMap<>();
        properties.put("skyport.aws.endpoints.dynamodb", endpoint().toString());
        properties.put("skyport.aws.access-key-id", "local");
        properties.put("skyport.aws.secret-access-key", "local");
        for (TableDefinition table : SkyportTables.ALL) {
            properties.put(TableNames.property(table), names.nameOf(table));
        }
        return properties;
    }

    /**
     * The key of a cloud account in the cloud-accounts table and of its owner in the users table, and nothing else:
     * what a cluster's create checks ({@link CloudAccountInUse}, {@link UserHasClusters}), for tests of the clusters
     * context that stand in for the cloud-accounts and identity contexts.
     */
    public static void cloudAccountExists(TableNames names, UserId owner, String cloudAccountId) {
        client().putItem(b -> b.tableName(names.nameOf(SkyportTables.CLOUD_ACCOUNTS))
                .item(CloudAccountInUse.account(owner, cloudAccountId)));
        client().putItem(b -> b.tableName(names.nameOf(SkyportTables.USERS)).item(UserHasClusters.user(owner)));
    }
}
