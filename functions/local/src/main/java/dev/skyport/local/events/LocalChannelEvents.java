package dev.skyport.local.events;

import dev.skyport.local.LocalOnly;
import dev.skyport.notifications.ChannelEventsHandler;
import dev.skyport.notifications.application.ChannelRules;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * Development only: the channel-events function's SNS subscription on the in-process topic. The events its filter
 * policy lets through in AWS go, as the SNS message they would be, to the function's own handler; its deliveries
 * then wait in the in-process delivery queue, on the platform's clock.
 */
@Singleton
@LocalOnly
public class LocalChannelEvents extends LocalSnsSubscription {

    public LocalChannelEvents(ApplicationContext context, JsonMapper json) {
        super(context, json, ChannelRules.EVENT_TYPES, ChannelEventsHandler::new);
    }
}
