package dev.skyport.notifications.config;

import dev.skyport.notifications.application.NotificationInbox;
import dev.skyport.notifications.application.NotificationRequests;
import dev.skyport.notifications.application.Notifications;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The notifications use cases. */
@Factory
public class NotificationsFactory {

    @Singleton
    NotificationRequests notificationRequests(Notifications notifications) {
        return new NotificationRequests(notifications);
    }

    @Singleton
    NotificationInbox notificationInbox(Notifications notifications) {
        return new NotificationInbox(notifications);
    }
}
