package dev.skyport.local.events;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventSubscriber;
import dev.skyport.local.LocalOnly;
import dev.skyport.notifications.ChannelEventsHandler;
import dev.skyport.notifications.application.ChannelRules;
import dev.skyport.platform.events.SnsEventPublisher.EventMessage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Development only: the channel-events function's SNS subscription on the in-process topic. The events its filter
 * policy lets through in AWS go, as the SNS message they would be, to the function's own handler; its deliveries
 * then wait in the in-process delivery queue, on the platform's clock.
 */
@Singleton
@LocalOnly
public class LocalChannelEvents implements EventSubscriber {

    private final ApplicationContext context;
    private final JsonMapper json;
    private volatile ChannelEventsHandler handler;

    public LocalChannelEvents(ApplicationContext context, JsonMapper json) {
        this.context = context;
        this.json = json;
    }

    @Override
    public void on(DomainEvent event) {
        if (!ChannelRules.EVENT_TYPES.contains(event.type())) {
            return;
        }
        SNSEvent.SNS message = new SNSEvent.SNS();
        message.setMessageId(event.id());
        message.setType("Notification");
        try {
            message.setMessage(json.writeValueAsString(EventMessage.of(event)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SNSEvent.SNSRecord record = new SNSEvent.SNSRecord();
        record.setSns(message);
        record.setEventSource("aws:sns");
        SNSEvent delivery = new SNSEvent();
        delivery.setRecords(List.of(record));
        handler().handleRequest(delivery, null);
    }

    /** Made on first use: the handler injects beans that need this one's context to be up. */
    private ChannelEventsHandler handler() {
        ChannelEventsHandler made = handler;
        if (made == null) {
            synchronized (this) {
                if (handler == null) {
                    handler = new ChannelEventsHandler(context);
                }
                made = handler;
            }
        }
        return made;
    }
}
