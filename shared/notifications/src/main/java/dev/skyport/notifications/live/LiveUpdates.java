package dev.skyport.notifications.live;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.ConnectionPusher;
import dev.skyport.notifications.application.Connections;
import dev.skyport.notifications.application.NotificationInbox;
import dev.skyport.notifications.application.Notifications;
import dev.skyport.notifications.domain.Connection;
import dev.skyport.notifications.domain.Notification;
import dev.skyport.notifications.web.NotificationView;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live side of the context, in the shapes of the WebSocket messages (JSON, {@link LiveMessage}). What a person
 * sees live: their WebSocket connections, and every event about them turned into a notification
 * (once) and pushed to each of their open connections (in parallel; in order on each connection). A connection
 * found closed is forgotten; any other push failure is logged and loses nothing, since the notification is kept
 * before anything is pushed. A changed or reset password and a deleted account close the person's connections.
 */
public class LiveUpdates {

    /** API Gateway closes a WebSocket connection after 2 hours; so is it forgotten. */
    public static final Duration CONNECTION_KEPT = Duration.ofHours(2);
    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
    /** A ping is a few bytes; a larger message is not read, only refused. */
    private static final int MAX_PING = 256;
    /** Far below API Gateway's 128 KB message limit; a Terraform line is rarely longer. */
    static final int MAX_LINE = 8 * 1024;

    private final NotificationInbox inbox;
    private final Notifications notifications;
    private final Connections connections;
    private final ConnectionPusher pusher;
    private final JsonMapper json;
    private final Clock clock;

    public LiveUpdates(NotificationInbox inbox, Notifications notifications, Connections connections,
                       ConnectionPusher pusher, JsonMapper json, Clock clock) {
        this.inbox = inbox;
        this.notifications = notifications;
        this.connections = connections;
        this.pusher = pusher;
        this.json = json;
        this.clock = clock;
    }

    /** How a push to a person's connections went. */
    public record Pushed(int connections, int delivered, int gone, int failed) {
        static final Pushed NONE = new Pushed(0, 0, 0, 0);
    }

    /** A connection opened by a person whose ticket was good. */
    public void connected(String connectionId, UserId owner) {
        connections.open(new Connection(connectionId, owner, clock.instant()));
    }

    public void disconnected(String connectionId) {
        connections.close(connectionId);
    }

    /** The answer to what a client sent: {@code pong} to a ping, a polite refusal to anything else. */
    public String answer(String body) {
        if (body != null && body.length() <= MAX_PING && "ping".equals(typeOf(body))) {
            return write(new LiveMessage.Pong());
        }
        return write(new LiveMessage.Refusal("unsupported-message",
                "this connection only answers {\"type\":\"ping\"}; use the HTTP API to change anything"));
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
        Optional<Notification> made = inbox.deliver(envelope);
        List<LiveMessage> messages = new ArrayList<>(2);
        if (event instanceof PlatformEvent.ClusterStatusChanged changed) {
            messages.add(status(changed, envelope.occurredAt()));
        }
        made.ifPresent(notification -> messages.add(new LiveMessage.NewNotification(NotificationView.of(notification))));
        if (!(event instanceof PlatformEvent.PasswordChanged)) {
            return push(owner, messages);
        }
        // A changed or reset password ends the person's other sessions (a reset ends them all): a connection opened
        // by one of them must not keep receiving. Every connection closes once told; the person's own client opens
        // a new one with a fresh ticket, which only a live session gets.
        List<Connection> open = connections.of(owner);
        Pushed pushed = push(open, messages);
        disconnectAll(open);
        return pushed;
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

    /** Lines of a run's output, as they are written; a line longer than {@value #MAX_LINE} characters is cut. */
    public Pushed log(UserId owner, List<LiveMessage.ClusterLog> lines) {
        return push(owner, lines.stream().map(line -> line.line().length() <= MAX_LINE ? line
                : new LiveMessage.ClusterLog(line.clusterId(), line.runId(), line.seq(), line.at(),
                        line.line().substring(0, MAX_LINE) + " [cut: the whole line is in the run's logs]")).toList());
    }

    /** The {@code type} of a small JSON object, or null when the text is not one. */
    private String typeOf(String body) {
        try {
            Map<?, ?> message = json.readValue(body, Map.class);
            return message != null && message.get("type") instanceof String type ? type : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static LiveMessage status(PlatformEvent.ClusterStatusChanged event, Instant at) {
        return new LiveMessage.ClusterStatus(event.clusterId(), event.status(), event.previous().orElse(null),
                event.reason().orElse(null), event.runId().orElse(null), at, event.version());
    }

    private Pushed push(UserId owner, List<? extends LiveMessage> messages) {
        return messages.isEmpty() ? Pushed.NONE : push(connections.of(owner), messages);
    }

    private Pushed push(List<Connection> open, List<? extends LiveMessage> messages) {
        if (messages.isEmpty() || open.isEmpty()) {
            return Pushed.NONE;
        }
        List<String> texts = messages.stream().map(this::write).toList();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger gone = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Connection connection : open) {
                parallel.execute(() -> {
                    switch (pushAll(connection, texts)) {
                        case DELIVERED -> delivered.incrementAndGet();
                        case GONE -> gone.incrementAndGet();
                        case null -> failed.incrementAndGet();
                    }
                });
            }
        }
        return new Pushed(open.size(), delivered.get(), gone.get(), failed.get());
    }

    /** The messages in order on one connection; null when a push failed otherwise than with GONE. */
    private ConnectionPusher.Delivery pushAll(Connection connection, List<String> texts) {
        try {
            for (String text : texts) {
                if (pusher.push(connection.id(), text) == ConnectionPusher.Delivery.GONE) {
                    connections.close(connection.id());
                    return ConnectionPusher.Delivery.GONE;
                }
            }
            return ConnectionPusher.Delivery.DELIVERED;
        } catch (RuntimeException e) {
            LOG.warn("push to connection {} failed ({}); the notification is kept", connection.id(),
                    e.getClass().getSimpleName());
            return null;
        }
    }

    private String write(LiveMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a live message", e);
        }
    }
}
