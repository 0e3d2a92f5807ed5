package dev.skyport.platform.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Creates tables from their {@link TableDefinition} where they are missing: the local platform and tests. */
public final class DynamoDbTableProvisioner {

    private final DynamoDbClient dynamoDb;

    public DynamoDbTableProvisioner(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public void createIfMissing(TableDefinition table, String name) {
        Set<String> keyAttributes = new LinkedHashSet<>(List.of(table.partitionKey(), table.sortKey()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (TableDefinition.GlobalIndex index : table.globalIndexes()) {
            keyAttributes.add(index.partitionKey());
            keyAttributes.add(index.sortKey());
            indexes.add(GlobalSecondaryIndex.builder().indexName(index.name())
                    .keySchema(key(index.partitionKey(), KeyType.HASH), key(index.sortKey(), KeyType.RANGE))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key(table.partitionKey(), KeyType.HASH), key(table.sortKey(), KeyType.RANGE))
                .attributeDefinitions(keyAttributes.stream().map(attribute -> AttributeDefinition.builder()
                        .attributeName(attribute).attributeType(ScalarAttributeType.S).build()).toList());
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        if (table.streamNewAndOldImages()) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build());
        }
        try {
            dynamoDb.createTable(request.build());
            dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(name));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        table.ttlAttribute().ifPresent(attribute -> dynamoDb.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true))));
    }

    private static KeySchemaElement key(String attribute, KeyType type) {
        return KeySchemaElement.builder().attributeName(attribute).keyType(type).build();
    }
}
