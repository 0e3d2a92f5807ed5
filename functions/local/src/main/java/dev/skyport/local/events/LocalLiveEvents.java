package dev.skyport.local.events;

import dev.skyport.local.LocalOnly;
import dev.skyport.notifications.application.NotificationRules;
import dev.skyport.realtime.LiveEventsHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/** Development only: the realtime function's SNS subscription on the in-process topic. */
@Singleton
@LocalOnly
public class LocalLiveEvents extends LocalSnsSubscription {

    public LocalLiveEvents(ApplicationContext context, JsonMapper json) {
        super(context, json, NotificationRules.EVENT_TYPES, LiveEventsHandler::new);
    }
}
