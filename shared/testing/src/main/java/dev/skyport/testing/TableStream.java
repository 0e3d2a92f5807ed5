package dev.skyport.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.skyport.platform.dynamodb.LambdaStreamRecords;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A table's stream on DynamoDB Local, handed over as Lambda's event source mapping hands it to a function: each call
 * gives the records not given before, in order, as one {@link DynamodbEvent}.
 */
public final class TableStream implements AutoCloseable {

    private final DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
            .endpointOverride(DynamoDbLocalFixture.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create()).build();
    private final String streamArn;
    private final Set<String> given = new HashSet<>();

    public TableStream(String tableName) {
        streamArn = DynamoDbLocalFixture.client().describeTable(b -> b.tableName(tableName)).table()
                .latestStreamArn();
    }

    /** The records written since the last call. */
    public DynamodbEvent next() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                var page = streams.getRecords(b -> b.shardIterator(current).limit(1000));
                for (Record record : page.records()) {
                    if (given.add(record.dynamodb().sequenceNumber())) {
                        records.add(LambdaStreamRecords.of(record, streamArn));
                    }
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() {
        streams.close();
    }
}
