package dev.skyport.clusters;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbRecordTransformer;
import dev.skyport.clusters.adapter.dynamodb.ClusterChanges;
import dev.skyport.clusters.application.ExpiryScheduling;
import dev.skyport.clusters.domain.ExpiringCluster;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Keeps each cluster's expiry schedule in step with the clusters table, read from its stream: a cluster whose
 * {@code expires_at}, status or deletion protection changed, that was removed, or of whose expiry a notice was told,
 * gets its schedule made, moved or deleted ({@link ExpiryScheduling}, which reads the cluster as it is now, so a
 * record read twice or late makes the same schedule). A cluster is brought in step once per batch. At the first record
 * that fails, its sequence number is reported (partial batch response) and Lambda retries from there.
 */
public class ExpiryScheduleHandler extends EventHandler<DynamodbEvent, StreamsEventResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryScheduleHandler.class);

    @Inject
    ExpiryScheduling scheduling;

    /** Used by the Lambda runtime. */
    public ExpiryScheduleHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public ExpiryScheduleHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected StreamsEventResponse execute(DynamodbEvent input) {
        List<DynamodbEvent.DynamodbStreamRecord> records = input.getRecords() == null ? List.of()
                : input.getRecords();
        Set<ExpiringCluster> done = new HashSet<>();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            try {
                StreamRecord change = DynamodbRecordTransformer.toRecordV2(record).dynamodb();
                Optional<ExpiringCluster> cluster = ClusterChanges.expiryConcern(change.oldImage(),
                        change.newImage());
                if (cluster.isPresent() && done.add(cluster.get())) {
                    scheduling.reconcile(cluster.get());
                }
            } catch (RuntimeException e) {
                String sequence = record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
                LOG.warn("stream record {} (sequence {}) not brought in step: {}; the rest of the batch is retried"
                        + " from it", record.getEventID(), sequence, e.toString());
                return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(sequence)));
            }
        }
        return new StreamsEventResponse(List.of());
    }
}
