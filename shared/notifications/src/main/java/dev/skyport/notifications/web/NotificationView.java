package dev.skyport.notifications.web;

import dev.skyport.notifications.domain.Notification;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/** A notification as the API and the live messages show it. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record NotificationView(String id, String kind, String title, String body, String resource,
                               Instant createdAt, boolean read) {

    public static NotificationView of(Notification notification) {
        return new NotificationView(notification.id(), notification.kind(), notification.title(),
                notification.body(), notification.resource(), notification.createdAt(), notification.read());
    }
}
