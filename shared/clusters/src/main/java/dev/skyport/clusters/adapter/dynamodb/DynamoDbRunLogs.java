package dev.skyport.clusters.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.millis;
import static dev.skyport.platform.dynamodb.AttributeValues.s;
import static dev.skyport.platform.dynamodb.AttributeValues.ttl;

import dev.skyport.clusters.application.RunLogs;
import dev.skyport.clusters.domain.Run;
import dev.skyport.kernel.DomainException;
import dev.skyport.platform.dynamodb.AttributeValues;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Run output kept in the clusters table, one item per line ({@code RUN#runId / LINE#seq}), for the local platform,
 * whose provisioner writes its lines here. In AWS a run's output is the task's CloudWatch log stream instead. Lines
 * expire after {@link #KEPT}, as the log group's retention does in AWS.
 */
public final class DynamoDbRunLogs implements RunLogs {

    static final Duration KEPT = Duration.ofDays(30);
    private static final String LINE_FORMAT = "LINE#%010d";
    /** The cursor is the number of the next line to read. */
    private static final Pattern CURSOR = Pattern.compile("^[0-9]{1,10}$");

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbRunLogs(DynamoDbClient dynamoDb, TableNames names) {
        this.dynamoDb = dynamoDb;
        this.table = names.nameOf(SkyportTables.CLUSTERS);
    }

    /** Stores line {@code seq} (from 1) of a run. Writing the same line again changes nothing. */
    public void append(Run run, long seq, Instant at, String line) {
        Map<String, AttributeValue> item = new HashMap<>(key(run.id(), seq));
        item.put("at", millis(at));
        item.put("line", s(line));
        item.put(SkyportTables.CLUSTERS.ttlAttribute().orElseThrow(), ttl(at.plus(KEPT)));
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public LogPage lines(Run run, Optional<String> cursor, int limit) {
        long from = cursor.map(DynamoDbRunLogs::position).orElse(1L);
        QueryResponse response = dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND #sk >= :from")
                .expressionAttributeNames(Map.of("#pk", ClustersTable.PK, "#sk", ClustersTable.SK))
                .expressionAttributeValues(Map.of(":pk", s(ClustersTable.logPartition(run.id())),
                        ":from", s(LINE_FORMAT.formatted(from))))
                .limit(limit));
        var lines = response.items().stream().map(item -> {
            String sortKey = item.get(ClustersTable.SK).s();
            return new LogLine(Long.parseLong(sortKey.substring(sortKey.indexOf('#') + 1)),
                    AttributeValues.instant(item.get("at")), item.get("line").s());
        }).toList();
        long next = lines.isEmpty() ? from : lines.getLast().seq() + 1;
        return new LogPage(lines, Long.toString(next));
    }

    private static long position(String cursor) {
        if (!CURSOR.matcher(cursor).matches()) {
            throw DomainException.invalid("invalid-cursor", "cursor must be one this API returned");
        }
        return Math.max(1, Long.parseLong(cursor));
    }

    private static Map<String, AttributeValue> key(String runId, long seq) {
        return ClustersTable.key(ClustersTable.logPartition(runId), LINE_FORMAT.formatted(seq));
    }
}
