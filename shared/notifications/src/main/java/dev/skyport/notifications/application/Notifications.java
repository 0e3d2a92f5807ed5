package dev.skyport.notifications.application;

import dev.skyport.kernel.UserId;
import dev.skyport.notifications.domain.Notification;
import java.util.List;
import java.util.Optional;

/** Each person's notifications and the count of the unread ones, kept right under concurrent changes. */
public interface Notifications {

    /** Keeps a new notification, unread. Answers false, and changes nothing, when it is already kept. */
    boolean add(Notification notification);

    /** The owner's notifications, newest first (only the unread ones when asked). */
    Page page(UserId owner, boolean unreadOnly, Optional<String> cursor, int limit);

    long unreadCount(UserId owner);

    /** Marks one read; false when the owner has no such notification. Marking a read one again changes nothing. */
    boolean markRead(UserId owner, String id);

    /** Marks every unread one read; answers how many this call marked, not those a concurrent call marked first. */
    int markAllRead(UserId owner);

    /** Removes one; false when the owner has no such notification. */
    boolean delete(UserId owner, String id);

    /** Removes every notification of the owner and the count (the account is deleted); answers how many. */
    int deleteAll(UserId owner);

    /** A page of notifications, and where the next one starts when there may be one. */
    record Page(List<Notification> notifications, Optional<String> nextCursor) {

        public Page {
            notifications = List.copyOf(notifications);
        }
    }
}
