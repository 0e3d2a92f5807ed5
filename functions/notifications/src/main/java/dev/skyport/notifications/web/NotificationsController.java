package dev.skyport.notifications.web;

import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.NotificationRequests;
import dev.skyport.notifications.application.Notifications;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;
import java.util.Optional;

/** The signed-in person's notifications. Another person's notification id answers 404. */
@Controller("/notifications")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class NotificationsController {

    private final NotificationRequests requests;

    public NotificationsController(NotificationRequests requests) {
        this.requests = requests;
    }

    /** Your notifications, newest first. */
    @Get
    public NotificationList listNotifications(Authentication caller, @QueryValue(defaultValue = "false") boolean unread,
                                 @QueryValue @Nullable String cursor, @QueryValue(defaultValue = "20") int limit) {
        Notifications.Page page = requests.list(owner(caller), unread, Optional.ofNullable(cursor), limit);
        return new NotificationList(page.notifications().stream().map(NotificationView::of).toList(),
                page.nextCursor().orElse(null));
    }

    /** How many of your notifications are unread. */
    @Get("/unread-count")
    public UnreadCount unreadCount(Authentication caller) {
        return new UnreadCount(requests.unreadCount(owner(caller)));
    }

    /** Marks a notification read. */
    @Post("/{id}/read")
    @Status(HttpStatus.NO_CONTENT)
    public HttpResponse<Void> markRead(Authentication caller, @PathVariable String id) {
        requests.markRead(owner(caller), id);
        return HttpResponse.noContent();
    }

    /** Marks every notification read; answers how many were unread. */
    @Post("/read-all")
    public ReadAll markAllRead(Authentication caller) {
        return new ReadAll(requests.markAllRead(owner(caller)));
    }

    /** Deletes a notification. */
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public HttpResponse<Void> deleteNotification(Authentication caller, @PathVariable String id) {
        requests.delete(owner(caller), id);
        return HttpResponse.noContent();
    }

    private static UserId owner(Authentication caller) {
        return new UserId(caller.getName());
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record NotificationList(List<NotificationView> notifications, @Nullable String nextCursor) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record UnreadCount(long unread) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ReadAll(int marked) {
    }
}
