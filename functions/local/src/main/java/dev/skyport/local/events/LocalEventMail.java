package dev.skyport.local.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.skyport.auth.EventMailHandler;
import dev.skyport.identity.application.EventMailRules;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventSubscriber;
import dev.skyport.local.LocalOnly;
import dev.skyport.notifications.application.OwnerMail;
import dev.skyport.platform.events.SnsEventPublisher.EventMessage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development only: identity's event-mail queue. In AWS the queue is subscribed to the platform-events topic (the
 * types {@code EventMailRules.TOPIC_EVENT_TYPES}, raw delivery) and the channel delivery sends it
 * {@code channel.disabled}; here both reach the same consumer ({@link EventMailHandler}) as the SQS message they would
 * be, at once. Its mails land in the outbox.
 */
@Singleton
@LocalOnly
public class LocalEventMail implements EventSubscriber, OwnerMail {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEventMail.class);
    /** The SenderId SQS would give the channel delivery's messages; the topic's get another. */
    public static final String CHANNEL_SENDER = "LOCALCHANNELDELIVERY";
    private static final String TOPIC_SENDER = "LOCALTOPIC:sns";

    private final ApplicationContext context;
    private final JsonMapper json;
    private volatile EventMailHandler handler;

    public LocalEventMail(ApplicationContext context, JsonMapper json) {
        this.context = context;
        this.json = json;
    }

    /** The topic's subscription. */
    @Override
    public void on(DomainEvent event) {
        if (EventMailRules.TOPIC_EVENT_TYPES.contains(event.type())) {
            deliver(event, TOPIC_SENDER);
        }
    }

    /** The channel delivery's message. */
    @Override
    public void tell(DomainEvent event) {
        deliver(event, CHANNEL_SENDER + ":local");
    }

    private void deliver(DomainEvent event, String sender) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(event.id());
        message.setEventSource("aws:sqs");
        message.setAttributes(Map.of("SenderId", sender));
        try {
            message.setBody(json.writeValueAsString(EventMessage.of(event)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SQSEvent delivery = new SQSEvent();
        delivery.setRecords(List.of(message));
        SQSBatchResponse response = handler().handleRequest(delivery, null);
        if (response != null && response.getBatchItemFailures() != null
                && !response.getBatchItemFailures().isEmpty()) {
            LOG.warn("the mail for event {} {} failed; in AWS the queue would deliver it again", event.type(),
                    event.id());
        }
    }

    private EventMailHandler handler() {
        EventMailHandler made = handler;
        if (made == null) {
            synchronized (this) {
                if (handler == null) {
                    handler = new EventMailHandler(context);
                }
                made = handler;
            }
        }
        return made;
    }
}
