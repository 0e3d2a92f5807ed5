package dev.skyport.realtime;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.notifications.application.LiveChannel;
import dev.skyport.notifications.application.LiveUpdates;
import dev.skyport.platform.lambda.PlatformEventsHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribed to the platform-events topic (filtered to the events that tell a person something): each event
 * becomes a notification, once however often SNS delivers it, and is pushed to the person's open connections. A
 * notification that could not be kept fails the invocation, so Lambda delivers the event again; a message that is
 * not a Skyport event is logged and dropped, since delivering it again cannot help.
 */
public class LiveEventsHandler extends PlatformEventsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LiveEventsHandler.class);

    @Inject
    LiveUpdates live;

    /** Used by the Lambda runtime. */
    public LiveEventsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests and the local platform do. */
    public LiveEventsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected void on(DomainEvent event) {
        LiveChannel.Pushed pushed = live.deliver(event);
        LOG.info("event {} {}: pushed to {} of {} connections ({} gone, {} failed)", event.type(), event.id(),
                pushed.delivered(), pushed.connections(), pushed.gone(), pushed.failed());
    }
}
