package dev.skyport.platform.lambda;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.platform.events.SnsEventPublisher.EventMessage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of a function subscribed to the platform-events topic: each SNS record is read as a Skyport event and handed
 * to {@link #on}, in order. A message that is not a Skyport event is logged and dropped, since delivering it again
 * cannot help; a failure in {@link #on} fails the invocation, so Lambda delivers the batch again (the subclasses
 * make handling an event twice harmless).
 */
public abstract class PlatformEventsHandler extends EventHandler<SNSEvent, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformEventsHandler.class);

    /** Used by the Lambda runtime. */
    protected PlatformEventsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests and the local platform do. */
    protected PlatformEventsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected final Void execute(SNSEvent input) {
        JsonMapper json = applicationContext.getBean(JsonMapper.class);
        for (SNSEvent.SNSRecord record : input.getRecords()) {
            DomainEvent event;
            try {
                event = EventMessage.read(json, record.getSNS().getMessage());
            } catch (IllegalArgumentException notAnEvent) {
                LOG.warn("SNS message {} dropped: {}", record.getSNS().getMessageId(), notAnEvent.getMessage());
                continue;
            }
            on(event);
        }
        return null;
    }

    /** Handles one event. */
    protected abstract void on(DomainEvent event);
}
