package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import java.util.Locale;
import java.util.Optional;

/** What a person does with their notifications. Another person's notification is as absent as none (404). */
public class NotificationRequests {

    public static final int MAX_PAGE = 100;

    private final Notifications notifications;

    public NotificationRequests(Notifications notifications) {
        this.notifications = notifications;
    }

    public Notifications.Page list(UserId owner, boolean unreadOnly, Optional<String> cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw DomainException.invalid("invalid-limit", "limit must be between 1 and " + MAX_PAGE);
        }
        return notifications.page(owner, unreadOnly, cursor.filter(c -> !c.isBlank()), limit);
    }

    public long unreadCount(UserId owner) {
        return notifications.unreadCount(owner);
    }

    public void markRead(UserId owner, String id) {
        if (!notifications.markRead(owner, require(id))) {
            throw notFound();
        }
    }

    public int markAllRead(UserId owner) {
        return notifications.markAllRead(owner);
    }

    public void delete(UserId owner, String id) {
        if (!notifications.delete(owner, require(id))) {
            throw notFound();
        }
    }

    private static String require(String id) {
        if (!UuidText.matches(id)) {
            throw notFound();
        }
        return id.toLowerCase(Locale.ROOT);
    }

    private static DomainException notFound() {
        return new DomainException(Failure.NOT_FOUND, "notification-not-found", "there is no notification with this id");
    }
}
