package dev.skyport.clusters.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.n;
import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.clusters.application.RunLogStreams;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.SkyportTables;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Finds a run by its log stream through the sparse {@code byLogStream} index (a run item has {@code logStream} once
 * its task named it, and {@code owner}), and numbers its lines on {@code RUN#runId / LIVE}: the count of lines
 * sent so far and the last CloudWatch event id sent, moved together by one conditional update, so a batch is
 * numbered at most once.
 */
@Singleton
public class DynamoDbRunLogStreams implements RunLogStreams {

    private static final String BY_LOG_STREAM = SkyportTables.CLUSTERS.globalIndexes().stream()
            .filter(index -> index.partitionKey().equals("logStream")).findFirst().orElseThrow().name();

    private final DynamoDbClient dynamoDb;
    private final ClustersTable table;

    DynamoDbRunLogStreams(DynamoDbClient dynamoDb, ClustersTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<Batch> claim(String logStream, String firstEventId, String lastEventId, int count) {
        var runs = dynamoDb.query(b -> b.tableName(table.name()).indexName(BY_LOG_STREAM)
                .keyConditionExpression("logStream = :stream")
                .expressionAttributeValues(Map.of(":stream", s(logStream))).limit(1)).items();
        if (runs.isEmpty() || !runs.getFirst().containsKey("owner")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> run = runs.getFirst();
        String clusterId = run.get(ClustersTable.PK).s().substring(ClustersTable.CLUSTER_PREFIX.length());
        String runId = run.get("runId").s();
        try {
            long sent = Long.parseLong(dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(ClustersTable.key(ClustersTable.logPartition(runId), "LIVE"))
                    .updateExpression("SET lastEventId = :last ADD sentLines :count")
                    .conditionExpression("attribute_not_exists(lastEventId) OR lastEventId < :first")
                    .expressionAttributeValues(Map.of(":last", s(lastEventId), ":first", s(firstEventId),
                            ":count", n(count)))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes().get("sentLines").n());
            return Optional.of(new Batch(new UserId(run.get("owner").s()), clusterId, runId, sent - count + 1));
        } catch (ConditionalCheckFailedException alreadySent) {
            return Optional.empty();
        }
    }
}
