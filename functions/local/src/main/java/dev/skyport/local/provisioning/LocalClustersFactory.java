package dev.skyport.local.provisioning;

import dev.skyport.clusters.adapter.dynamodb.DynamoDbRunLogs;
import dev.skyport.clusters.adapter.stepfunctions.WorkflowSettings;
import dev.skyport.local.LocalOnly;
import dev.skyport.platform.dynamodb.TableNames;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Development only: run output kept in the clusters table, where the embedded provisioner writes it. */
@Factory
public class LocalClustersFactory {

    @Singleton
    @LocalOnly
    @Requires(missingProperty = WorkflowSettings.LOG_GROUP)
    DynamoDbRunLogs runLogs(DynamoDbClient dynamoDb, TableNames names) {
        return new DynamoDbRunLogs(dynamoDb, names);
    }
}
