package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.notifications.domain.Notification;
import java.util.Optional;

/**
 * Turns events into notifications, once each: a redelivered event finds its notification already kept and makes
 * no second one. Answers the notification when this delivery made it (to push it live), empty otherwise.
 */
public class NotificationInbox {

    private final Notifications notifications;

    public NotificationInbox(Notifications notifications) {
        this.notifications = notifications;
    }

    public Optional<Notification> deliver(DomainEvent event) {
        return NotificationRules.of(event).filter(notifications::add);
    }
}
