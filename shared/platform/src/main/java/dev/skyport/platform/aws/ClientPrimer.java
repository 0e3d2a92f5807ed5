package dev.skyport.platform.aws;

import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableDefinition;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.lambda.Initialization;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart hygiene: one cheap DynamoDB read during init loads and warms the SDK's marshalling, signing and HTTP
 * classes before the snapshot, so the first request after a restore does not pay for it. Each function primes its
 * own table ({@code skyport.prime-table}, a logical name), the one its role may read. A failure only logs:
 * priming must never stop a function from starting. (The signing-key read already primes Secrets Manager.) Only when
 * init is off the request path: on demand, the read would only add a round trip to the cold start.
 */
@Context
@Requires(property = PrimingSettings.PRIME_CLIENTS, value = "true")
@Requires(condition = Initialization.OffTheRequestPath.class)
@Requires(property = "skyport.prime-table")
public class ClientPrimer {

    private static final Logger LOG = LoggerFactory.getLogger(ClientPrimer.class);

    private final DynamoDbClient dynamoDb;
    private final TableNames tables;
    private final TableDefinition table;

    public ClientPrimer(DynamoDbClient dynamoDb, TableNames tables, PrimingSettings settings) {
        this.dynamoDb = dynamoDb;
        this.tables = tables;
        this.table = SkyportTables.byLogicalName(settings.table().orElseThrow());
    }

    @PostConstruct
    void prime() {
        try {
            dynamoDb.getItem(b -> b.tableName(tables.nameOf(table))
                    .key(Map.of(table.partitionKey(), AttributeValue.fromS("PRIME"),
                            table.sortKey(), AttributeValue.fromS("PRIME"))));
        } catch (SdkException e) {
            LOG.warn("priming the DynamoDB client failed ({}); the first request will warm it instead",
                    e.getClass().getSimpleName());
        }
    }
}
