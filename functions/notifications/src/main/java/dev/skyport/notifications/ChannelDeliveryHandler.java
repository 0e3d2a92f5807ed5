package dev.skyport.notifications;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.skyport.notifications.adapter.sqs.SqsDeliveryQueue;
import dev.skyport.notifications.application.DeliveryJob;
import dev.skyport.notifications.application.DeliveryWork;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery queue's consumer: each message is one attempt of one delivery, made by {@link DeliveryWork} (which
 * queues the next attempt itself after a failure). A message whose work failed is reported alone (partial batch
 * response), so SQS delivers it again after the visibility timeout and, past the receive limit, moves it to the
 * dead-letter queue, whose alarm tells the operators; the claim keeps a second receipt from sending twice. A message
 * that is not due yet is sent on with the time left.
 */
public class ChannelDeliveryHandler extends EventHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelDeliveryHandler.class);

    @Inject
    DeliveryWork work;
    @Inject
    SqsDeliveryQueue queue;

    /** Used by the Lambda runtime. */
    public ChannelDeliveryHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public ChannelDeliveryHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected SQSBatchResponse execute(SQSEvent input) {
        List<SQSEvent.SQSMessage> messages = input.getRecords() == null ? List.of() : input.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : messages) {
            Optional<DeliveryJob> job;
            try {
                job = queue.waitLeft(message.getBody());
            } catch (IllegalArgumentException notADelivery) {
                LOG.warn("message {} dropped: {}", message.getMessageId(), notADelivery.getMessage());
                continue;
            } catch (RuntimeException notSentOn) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue;
            }
            if (job.isEmpty()) {
                continue;
            }
            try {
                DeliveryWork.Outcome outcome = work.perform(job.get());
                LOG.info("message {}: delivery {} attempt {}: {}", message.getMessageId(), job.get().deliveryId(),
                        job.get().attempts() + 1, outcome);
            } catch (DeliveryWork.HeldElsewhere held) {
                LOG.info("message {}: {}; delivered again later", message.getMessageId(), held.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } catch (RuntimeException e) {
                LOG.warn("message {}: delivery {} failed ({}); delivered again later, then dead-lettered",
                        message.getMessageId(), job.get().deliveryId(), e.getClass().getSimpleName());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
