package dev.skyport.local.events;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventSubscriber;
import dev.skyport.platform.events.SnsEventPublisher.EventMessage;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Development only: a function's SNS subscription on the in-process topic. The events its filter policy lets through
 * in AWS ({@code eventTypes}) go, as the SNS message they would be, to the function's own handler, made on first use
 * (it injects beans that need this one's context to be up).
 */
abstract class LocalSnsSubscription implements EventSubscriber {

    private final ApplicationContext context;
    private final JsonMapper json;
    private final Collection<String> eventTypes;
    private final Function<ApplicationContext, EventHandler<SNSEvent, ?>> handlerOf;
    private volatile EventHandler<SNSEvent, ?> handler;

    LocalSnsSubscription(ApplicationContext context, JsonMapper json, Collection<String> eventTypes,
                         Function<ApplicationContext, EventHandler<SNSEvent, ?>> handlerOf) {
        this.context = context;
        this.json = json;
        this.eventTypes = eventTypes;
        this.handlerOf = handlerOf;
    }

    @Override
    public void on(DomainEvent event) {
        if (!eventTypes.contains(event.type())) {
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

    private EventHandler<SNSEvent, ?> handler() {
        EventHandler<SNSEvent, ?> made = handler;
        if (made == null) {
            synchronized (this) {
                if (handler == null) {
                    handler = handlerOf.apply(context);
                }
                made = handler;
            }
        }
        return made;
    }
}
