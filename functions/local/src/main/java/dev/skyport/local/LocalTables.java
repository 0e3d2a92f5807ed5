package dev.skyport.local;

import dev.skyport.platform.dynamodb.DynamoDbTableProvisioner;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableDefinition;
import dev.skyport.platform.dynamodb.TableNames;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Creates every missing table while the context starts, before the HTTP server opens its port: a request that
 * arrives first finds the tables there.
 */
@Context
@LocalOnly
class LocalTables {

    private final DynamoDbClient dynamoDb;
    private final TableNames names;

    LocalTables(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.names = names;
    }

    @PostConstruct
    void createMissing() {
        DynamoDbTableProvisioner provisioner = new DynamoDbTableProvisioner(dynamoDb);
        for (TableDefinition table : SkyportTables.ALL) {
            provisioner.createIfMissing(table, names.nameOf(table));
        }
    }
}
