package dev.skyport.accounts;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.skyport.identity.application.PendingEventRelay;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * Runs every few minutes (EventBridge schedule): publishes the domain events that were stored with their change but
 * could not reach the topic at the time, so that none is lost.
 */
public class PendingEventsHandler extends EventHandler<ScheduledEvent, Integer> {

    @Inject
    PendingEventRelay relay;

    public PendingEventsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public PendingEventsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Integer execute(ScheduledEvent input) {
        return relay.relay();
    }
}
