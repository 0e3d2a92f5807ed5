package dev.skyport.clusters;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import dev.skyport.testing.DynamoDbLocalFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The clusters table's stream on DynamoDB Local, handed over as Lambda's event source mapping hands it to a function:
 * each call gives the records not given before, in order, as one {@link DynamodbEvent}.
 */
final class ClustersTableStream implements AutoCloseable {

    private final DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
            .endpointOverride(DynamoDbLocalFixture.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create()).build();
    private final String streamArn;
    private final Set<String> given = new HashSet<>();

    ClustersTableStream(String tableName) {
        streamArn = DynamoDbLocalFixture.client().describeTable(b -> b.tableName(tableName)).table()
                .latestStreamArn();
    }

    /** The records written since the last call. */
    DynamodbEvent next() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                var page = streams.getRecords(b -> b.shardIterator(current).limit(1000));
                for (Record record : page.records()) {
                    if (given.add(record.dynamodb().sequenceNumber())) {
                        records.add(lambda(record));
                    }
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private DynamodbEvent.DynamodbStreamRecord lambda(Record record) {
        StreamRecord change = new StreamRecord();
        change.setKeys(map(record.dynamodb().keys()));
        change.setNewImage(map(record.dynamodb().newImage()));
        change.setOldImage(map(record.dynamodb().oldImage()));
        change.setSequenceNumber(record.dynamodb().sequenceNumber());
        if (record.dynamodb().approximateCreationDateTime() != null) {
            change.setApproximateCreationDateTime(java.util.Date.from(record.dynamodb().approximateCreationDateTime()));
        }
        change.setStreamViewType(StreamViewType.fromValue(record.dynamodb().streamViewTypeAsString()));
        DynamodbEvent.DynamodbStreamRecord lambda = new DynamodbEvent.DynamodbStreamRecord();
        lambda.setEventID(record.eventID());
        lambda.setEventName(record.eventNameAsString());
        lambda.setEventSource("aws:dynamodb");
        lambda.setEventSourceARN(streamArn);
        lambda.setDynamodb(change);
        return lambda;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> map(
            Map<String, AttributeValue> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> converted =
                new HashMap<>();
        values.forEach((name, value) -> converted.put(name, value(value)));
        return converted;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value(
            AttributeValue value) {
        var converted = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (value.type()) {
            case S -> converted.setS(value.s());
            case N -> converted.setN(value.n());
            case SS -> converted.setSS(value.ss());
            case NS -> converted.setNS(value.ns());
            case M -> converted.setM(map(value.m()) == null ? Map.of() : map(value.m()));
            case L -> converted.setL(value.l().stream().map(ClustersTableStream::value).toList());
            case BOOL -> converted.setBOOL(value.bool());
            case NUL -> converted.setNULL(true);
            default -> throw new IllegalArgumentException("an attribute of a type these items do not have: "
                    + value.type());
        }
        return converted;
    }

    @Override
    public void close() {
        streams.close();
    }
}
