package dev.skyport.notifications;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.notifications.application.ChannelFanOut;
import dev.skyport.platform.lambda.PlatformEventsHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribed to the platform-events topic (filtered to the events channels send): each event becomes one delivery
 * per channel of its owner that asked for it, made once however often SNS delivers the event, and queued. A failure
 * fails the invocation, so Lambda delivers the event again; a message that is not a Skyport event is logged and
 * dropped.
 */
public class ChannelEventsHandler extends PlatformEventsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelEventsHandler.class);

    @Inject
    ChannelFanOut fanOut;

    /** Used by the Lambda runtime. */
    public ChannelEventsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests and the local platform do. */
    public ChannelEventsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected void on(DomainEvent event) {
        int queued = fanOut.on(event);
        LOG.info("event {} {}: queued for {} channels", event.type(), event.id(), queued);
    }
}
