package dev.skyport.platform.dynamodb;

import java.util.List;
import java.util.Optional;

/**
 * The shape of one DynamoDB table, written once and used by the CDK app, the local platform and the tests.
 * Every key attribute is a string.
 */
public record TableDefinition(
        String logicalName,
        String partitionKey,
        String sortKey,
        List<GlobalIndex> globalIndexes,
        Optional<String> ttlAttribute,
        boolean streamNewAndOldImages) {

    public TableDefinition {
        globalIndexes = List.copyOf(globalIndexes);
    }

    public record GlobalIndex(String name, String partitionKey, String sortKey) {
    }
}
