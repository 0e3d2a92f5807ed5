package dev.skyport.notifications.config;

import dev.skyport.notifications.adapter.websocket.WebSocketChannel;
import dev.skyport.notifications.application.ConnectionPusher;
import dev.skyport.notifications.application.Connections;
import dev.skyport.notifications.application.LiveUpdates;
import dev.skyport.notifications.application.NotificationInbox;
import dev.skyport.notifications.application.NotificationRequests;
import dev.skyport.notifications.application.Notifications;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The notifications use cases. */
@Factory
public class NotificationsFactory {

    /** The WebSocket stage's callback URL the realtime function pushes to: its setting, named here for CDK. */
    public static final String REALTIME_CALLBACK_URL = "skyport.realtime.callback-url";

    @Singleton
    NotificationRequests notificationRequests(Notifications notifications) {
        return new NotificationRequests(notifications);
    }

    @Singleton
    NotificationInbox notificationInbox(Notifications notifications) {
        return new NotificationInbox(notifications);
    }

    /** Only where something can push to connections: the realtime function and the local platform. */
    @Singleton
    @Requires(beans = ConnectionPusher.class)
    WebSocketChannel webSocketChannel(Connections connections, ConnectionPusher pusher, JsonMapper json) {
        return new WebSocketChannel(connections, pusher, json);
    }

    @Singleton
    @Requires(beans = ConnectionPusher.class)
    LiveUpdates liveUpdates(NotificationInbox inbox, Notifications notifications, Connections connections,
                            ConnectionPusher pusher, WebSocketChannel channel, Clock clock) {
        return new LiveUpdates(inbox, notifications, connections, pusher, channel, clock);
    }
}
