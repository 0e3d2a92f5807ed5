package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.LiveChannel.Pushed;
import dev.skyport.notifications.domain.Connection;
import dev.skyport.notifications.domain.Notification;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person sees live, decided: their connections, and every event about them turned into a notification
 * (once) and pushed to each of their open connections through the {@link LiveChannel}. The notification is kept
 * before anything is pushed, so a failed push loses nothing. A changed or reset password and a deleted account
 * close the person's connections; signing out of one session closes the connections that session opened, and
 * revoking a personal access token those opened with its tickets.
 */
public class LiveUpdates {

    /** API Gateway closes a WebSocket connection after 2 hours; so is it forgotten. */
    public static final Duration CONNECTION_KEPT = Duration.ofHours(2);
    /** Far below API Gateway's 128 KB message limit; a Terraform line is rarely longer. */
    static final int MAX_LINE = 8 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);

    private final NotificationInbox inbox;
    private final Notifications notifications;
    private final Connections connections;
    private final ConnectionPusher pusher;
    private final LiveChannel channel;
    private final Clock clock;

    public LiveUpdates(NotificationInbox inbox, Notifications notifications, Connections connections,
                       ConnectionPusher pusher, LiveChannel channel, Clock clock) {
        this.inbox = inbox;
        this.notifications = notifications;
        this.connections = connections;
        this.pusher = pusher;
        this.channel = channel;
        this.clock = clock;
    }

    /** A connection opened by a person whose ticket was good, asked for by one of their sessions (or none). */
    public void connected(String connectionId, UserId owner, Optional<String> session) {
        connected(connectionId, owner, session, Optional.empty());
    }

    /** A connection opened with a good ticket, asked for by a session or by a personal access token (its id). */
    public void connected(String connectionId, UserId owner, Optional<String> session, Optional<String> token) {
        connections.open(new Connection(connectionId, owner, session, token, clock.instant()));
    }

    public void disconnected(String connectionId) {
        connections.close(connectionId);
    }

    /**
     * Keeps the notification the event makes (once, however often it is delivered) and pushes what the person
     * should see now. Throws only when the notification could not be kept, so that the delivery is retried.
     */
    public Pushed deliver(DomainEvent envelope) {
        PlatformEvent event;
        try {
            Optional<PlatformEvent> known = envelope.payload();
            if (known.isEmpty()) {
                return Pushed.NONE;
            }
            event = known.get();
        } catch (IllegalArgumentException malformed) {
            // Delivering it again cannot make it readable: dropped, and said so.
            LOG.warn("event dropped: {}", malformed.getMessage());
            return Pushed.NONE;
        }
        UserId owner = event.subject();
        if (event instanceof PlatformEvent.UserDeleted) {
            // What a person was told goes with the account, and so do its open connections.
            notifications.deleteAll(owner);
            disconnectAll(connections.of(owner));
            return Pushed.NONE;
        }
        if (event instanceof PlatformEvent.SessionEnded ended) {
            // A signed-out browser must not keep receiving: what that session opened closes, the others stay.
            disconnectAll(connections.of(owner).stream()
                    .filter(connection -> connection.session().filter(ended.sessionId()::equals).isPresent())
                    .toList());
            return Pushed.NONE;
        }
        if (event instanceof PlatformEvent.TokenRevoked revoked) {
            // A revoked token's script must not keep receiving either: what its tickets opened closes.
            disconnectAll(connections.of(owner).stream()
                    .filter(connection -> connection.token().filter(revoked.tokenId()::equals).isPresent())
                    .toList());
            return Pushed.NONE;
        }
        Optional<Notification> made = inbox.deliver(envelope);
        List<LiveNews> news = new ArrayList<>(2);
        if (event instanceof PlatformEvent.ClusterStatusChanged changed) {
            news.add(new LiveNews.ClusterStatus(changed, envelope.occurredAt()));
        }
        made.ifPresent(notification -> news.add(new LiveNews.NewNotification(notification)));
        boolean sessionsEnded = event instanceof PlatformEvent.PasswordChanged
                || (event instanceof PlatformEvent.SecondFactorChanged changed
                        && changed.change() != PlatformEvent.SecondFactorChanged.Change.RECOVERY_CODE_USED);
        if (!sessionsEnded) {
            return push(owner, news);
        }
        // A changed or reset password, or a change of the second factor, ends the person's other sessions (a reset
        // ends them all): a connection opened
        // by one of them must not keep receiving. Every connection closes once told; the person's own client opens
        // a new one with a fresh ticket, which only a live session gets.
        List<Connection> open = connections.of(owner);
        Pushed pushed = news.isEmpty() ? Pushed.NONE : channel.push(open, news);
        disconnectAll(open);
        return pushed;
    }

    /** Lines of a run's output, as they are written; a line longer than {@value #MAX_LINE} characters is cut. */
    public Pushed log(UserId owner, List<LiveNews.ClusterLog> lines) {
        return push(owner, lines.stream().map(line -> line.line().length() <= MAX_LINE ? line
                : new LiveNews.ClusterLog(line.clusterId(), line.runId(), line.seq(), line.at(),
                        line.line().substring(0, MAX_LINE) + " [cut: the whole line is in the run's logs]")).toList());
    }

    /** Closes these connections and forgets them; a connection that will not close is logged. */
    private void disconnectAll(List<Connection> open) {
        for (Connection connection : open) {
            try {
                pusher.disconnect(connection.id());
                connections.close(connection.id());
            } catch (RuntimeException e) {
                LOG.warn("closing connection {} failed ({}); it expires within {}", connection.id(),
                        e.getClass().getSimpleName(), CONNECTION_KEPT);
            }
        }
    }

    private Pushed push(UserId owner, List<? extends LiveNews> news) {
        if (news.isEmpty()) {
            return Pushed.NONE;
        }
        List<Connection> open = connections.of(owner);
        return open.isEmpty() ? Pushed.NONE : channel.push(open, news);
    }
}
