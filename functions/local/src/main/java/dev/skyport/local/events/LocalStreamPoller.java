package dev.skyport.local.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.skyport.local.LocalOnly;
import dev.skyport.platform.aws.AwsClientFactory;
import dev.skyport.platform.dynamodb.LambdaStreamRecords;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.clusters.StreamPublisherHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Development only: what Lambda's event source mapping does in AWS. Polls the clusters table's stream on DynamoDB
 * Local (DescribeStream, GetShardIterator, GetRecords; new shards are followed as they appear) and hands each
 * batch to the stream publisher's own handler. When the handler reports a record as failed, that record and the
 * ones after it are read again after a pause; after {@value #ATTEMPTS} attempts it is logged and skipped (in AWS it
 * would go to the dead-letter queue).
 *
 * <p>Where it got to is kept in a checkpoint file in the data folder ({@code skyport.local.stream-checkpoint-file}),
 * the last record handled of each shard, written after each batch: a restart goes on after it, so the changes made
 * while the platform stopped (runs it failed on its way down) are published then, once, and nothing older again.
 * Without a checkpoint (the first start of a data folder, or {@code --in-memory}) the shards that exist are read
 * from what comes after their records of that moment; shards that appear later are read from their first record.
 */
@Context
@LocalOnly
public class LocalStreamPoller implements ApplicationEventListener<ServerStartupEvent> {

    static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(LocalStreamPoller.class);
    private static final long IDLE_MILLIS = 50;
    private static final long DESCRIBE_EVERY_MILLIS = 1_000;

    private final ApplicationContext context;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private final String table;
    private final Map<String, String> iterators = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    /** Where each shard's reading goes on, should its iterator expire (15 minutes unused, a laptop asleep). */
    private final Map<String, Position> resume = new HashMap<>();
    private final StreamCheckpoint checkpoint;
    /** The last record handled (or given up on) of each shard that has one: what the checkpoint keeps. */
    private final Map<String, String> handled = new HashMap<>();

    private record Position(ShardIteratorType type, String sequence) {
    }
    private volatile boolean running = true;
    private Thread thread;

    public LocalStreamPoller(ApplicationContext context, DynamoDbClient dynamoDb, AwsClientFactory clients,
                             SdkHttpClient http, AwsCredentialsProvider credentials, TableNames names,
                             StreamCheckpoint checkpoint) {
        this.context = context;
        this.checkpoint = checkpoint;
        this.dynamoDb = dynamoDb;
        this.streams = clients.configure(DynamoDbStreamsClient.builder(), "dynamodb", credentials).httpClient(http)
                .build();
        this.table = names.nameOf(SkyportTables.CLUSTERS);
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        synchronized (this) {
            if (thread != null) {
                return;
            }
            StreamPublisherHandler handler = new StreamPublisherHandler(context);
            String streamArn = dynamoDb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
            if (streamArn == null) {
                LOG.warn("the clusters table {} has no stream: no live status", table);
                return;
            }
            Optional<Map<String, String>> kept = checkpoint.load(streamArn);
            kept.ifPresent(handled::putAll);
            for (Shard shard : describe(streamArn)) {
                String id = shard.shardId();
                boolean open = shard.sequenceNumberRange().endingSequenceNumber() == null;
                if (handled.containsKey(id)) {
                    // Go on after the last record handled before the stop, closed shard or not.
                    resume.put(id, new Position(ShardIteratorType.AFTER_SEQUENCE_NUMBER, handled.get(id)));
                    iterators.put(id, iterator(streamArn, id, ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                            handled.get(id)));
                } else if (kept.isPresent() || !open) {
                    // A shard that appeared after the checkpoint was written: all of it is new. A closed one that
                    // the first start of a data folder finds: all of it is old.
                    if (kept.isPresent()) {
                        iterators.put(id, iterator(streamArn, id, ShardIteratorType.TRIM_HORIZON, null));
                    } else {
                        finished.add(id);
                    }
                } else {
                    skipToEnd(streamArn, id);
                }
            }
            checkpoint.save(streamArn, handled);
            thread = Thread.ofPlatform().daemon().name("skyport-stream-poller").start(() -> poll(streamArn, handler));
        }
    }

    private void poll(String streamArn, StreamPublisherHandler handler) {
        long described = System.currentTimeMillis();
        while (running) {
            try {
                if (System.currentTimeMillis() - described > DESCRIBE_EVERY_MILLIS) {
                    followNewShards(streamArn);
                    described = System.currentTimeMillis();
                }
                boolean any = false;
                for (String shard : List.copyOf(iterators.keySet())) {
                    any |= read(streamArn, shard, handler);
                }
                if (!any) {
                    TimeUnit.MILLISECONDS.sleep(IDLE_MILLIS);
                }
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("stream poll failed ({}: {}); trying again", e.getClass().getSimpleName(), e.getMessage());
                sleepQuietly(500);
            }
        }
    }

    private void followNewShards(String streamArn) {
        for (Shard shard : describe(streamArn)) {
            if (!iterators.containsKey(shard.shardId()) && !finished.contains(shard.shardId())) {
                iterators.put(shard.shardId(), iterator(streamArn, shard.shardId(), ShardIteratorType.TRIM_HORIZON,
                        null));
            }
        }
    }

    /** Reads one batch of a shard and hands it on; answers whether there were records. */
    private boolean read(String streamArn, String shard, StreamPublisherHandler handler) {
        GetRecordsResponse page;
        try {
            page = streams.getRecords(b -> b.shardIterator(iterators.get(shard)).limit(100));
        } catch (TrimmedDataAccessException trimmed) {
            // DynamoDB Local answers this for a LATEST iterator taken while its shard was empty, once records
            // arrive; in AWS it means records older than 24 hours are gone. Either way: from the oldest one there.
            iterators.put(shard, iterator(streamArn, shard, ShardIteratorType.TRIM_HORIZON, null));
            return true;
        } catch (ExpiredIteratorException expired) {
            Position from = resume.getOrDefault(shard, new Position(ShardIteratorType.LATEST, null));
            iterators.put(shard, iterator(streamArn, shard, from.type(), from.sequence()));
            return true;
        }
        if (page.nextShardIterator() == null) {
            iterators.remove(shard);
            finished.add(shard);
        } else {
            iterators.put(shard, page.nextShardIterator());
        }
        if (page.records().isEmpty()) {
            return false;
        }
        DynamodbEvent batch = new DynamodbEvent();
        batch.setRecords(page.records().stream().map(record -> LambdaStreamRecords.of(record, streamArn)).toList());
        StreamsEventResponse response = handler.handleRequest(batch, null);
        resume.put(shard, new Position(ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                page.records().getLast().dynamodb().sequenceNumber()));
        String lastHandled = page.records().getLast().dynamodb().sequenceNumber();
        if (response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
            String failed = response.getBatchItemFailures().getFirst().getItemIdentifier();
            int attempts = failures.merge(failed, 1, Integer::sum);
            if (attempts >= ATTEMPTS) {
                LOG.error("stream record {} failed {} times: skipped (in AWS it goes to the dead-letter queue)",
                        failed, attempts);
                failures.remove(failed);
                resume.put(shard, new Position(ShardIteratorType.AFTER_SEQUENCE_NUMBER, failed));
                lastHandled = failed;
            } else {
                resume.put(shard, new Position(ShardIteratorType.AT_SEQUENCE_NUMBER, failed));
                // Those before the failed one were handled; the checkpoint keeps the one before it, or stays.
                lastHandled = page.records().stream().map(r -> r.dynamodb().sequenceNumber())
                        .takeWhile(sequence -> !sequence.equals(failed)).reduce((a, b) -> b)
                        .orElse(handled.get(shard));
                sleepQuietly(200L * attempts);
            }
            Position from = resume.get(shard);
            iterators.put(shard, iterator(streamArn, shard, from.type(), from.sequence()));
        }
        if (lastHandled != null) {
            handled.put(shard, lastHandled);
            checkpoint.save(streamArn, handled);
        }
        return true;
    }

    /**
     * The first start of a data folder: a shard's records of this moment are old news. Reads to its end without
     * publishing, so that the checkpoint names a record to go on after.
     */
    private void skipToEnd(String streamArn, String shard) {
        String at = iterator(streamArn, shard, ShardIteratorType.TRIM_HORIZON, null);
        String last = null;
        while (at != null) {
            String from = at;
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(from).limit(1000));
            if (page.records().isEmpty()) {
                break;
            }
            last = page.records().getLast().dynamodb().sequenceNumber();
            at = page.nextShardIterator();
        }
        if (last == null) {
            // Nothing in it yet: everything it will hold is new.
            iterators.put(shard, iterator(streamArn, shard, ShardIteratorType.TRIM_HORIZON, null));
        } else {
            resume.put(shard, new Position(ShardIteratorType.AFTER_SEQUENCE_NUMBER, last));
            handled.put(shard, last);
            iterators.put(shard, iterator(streamArn, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, last));
        }
    }

    private List<Shard> describe(String streamArn) {
        List<Shard> shards = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            StreamDescription description = streams.describeStream(b -> b.streamArn(streamArn)
                    .exclusiveStartShardId(from)).streamDescription();
            shards.addAll(description.shards());
            start = description.lastEvaluatedShardId();
        } while (start != null);
        return shards;
    }

    private String iterator(String streamArn, String shard, ShardIteratorType type, String sequence) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard).shardIteratorType(type)
                .sequenceNumber(sequence)).shardIterator();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        Thread poller = thread;
        if (poller != null) {
            poller.interrupt();
            poller.join(2_000);
        }
        streams.close();
    }
}
