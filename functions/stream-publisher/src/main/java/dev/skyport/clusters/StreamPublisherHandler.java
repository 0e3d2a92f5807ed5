package dev.skyport.clusters;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbRecordTransformer;
import dev.skyport.audit.application.AuditLog;
import dev.skyport.clusters.adapter.dynamodb.ClusterChanges;
import dev.skyport.kernel.EventPublisher;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Reads the clusters table's stream and publishes one {@code cluster.status-changed} event per status change on
 * the platform-events topic. Records are handled in order; at the first that fails, its sequence number is
 * reported as the batch's failure and nothing after it is handled, so Lambda retries from there and the order of
 * each cluster's events holds (partial batch response). An event published again on a retry keeps its id (the
 * stream record's): subscribers make nothing twice.
 * <p>
 * Every status change is also a workflow transition in the audit log, written before the event is published: its
 * entry's id comes from the record's, so a retried record is kept once. A failure to write it is logged (and alarmed
 * in AWS) but holds nothing up: the live status and notifications matter more than one missing log line, and a
 * poisoned audit table must not stop the clusters' stream.
 */
public class StreamPublisherHandler extends EventHandler<DynamodbEvent, StreamsEventResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamPublisherHandler.class);

    @Inject
    EventPublisher events;

    @Inject
    AuditLog audit;

    /** Used by the Lambda runtime. */
    public StreamPublisherHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests and the local platform do. */
    public StreamPublisherHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected StreamsEventResponse execute(DynamodbEvent input) {
        List<DynamodbEvent.DynamodbStreamRecord> records = input.getRecords() == null ? List.of()
                : input.getRecords();
        int published = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            try {
                StreamRecord change = DynamodbRecordTransformer.toRecordV2(record).dynamodb();
                var event = ClusterChanges.of(record.getEventID(), change.oldImage(), change.newImage());
                if (event.isPresent()) {
                    audit.recordTransition(event.get());
                    events.publish(event.get());
                    published++;
                }
            } catch (RuntimeException e) {
                String sequence = record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
                LOG.warn("stream record {} (sequence {}) not published: {}; {} published before it, the rest of the"
                        + " batch is retried from it", record.getEventID(), sequence, e.getClass().getSimpleName(),
                        published);
                return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(sequence)));
            }
        }
        return new StreamsEventResponse(List.of());
    }
}
