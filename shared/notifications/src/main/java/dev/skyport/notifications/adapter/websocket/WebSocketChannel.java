package dev.skyport.notifications.adapter.websocket;

import dev.skyport.notifications.application.ConnectionPusher;
import dev.skyport.notifications.application.Connections;
import dev.skyport.notifications.application.LiveChannel;
import dev.skyport.notifications.application.LiveNews;
import dev.skyport.notifications.domain.Connection;
import dev.skyport.notifications.web.LiveMessage;
import dev.skyport.notifications.web.NotificationView;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live channel over WebSocket connections: news in the JSON shapes of {@link LiveMessage}, pushed through the
 * {@link ConnectionPusher} (API Gateway's Management API in AWS, the local platform's sessions in development) to
 * every connection at once, in order on each; and the answer to what a client sends.
 */
public class WebSocketChannel implements LiveChannel {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketChannel.class);
    /** A ping is a few bytes; a larger message is not read, only refused. */
    private static final int MAX_PING = 256;

    private final Connections connections;
    private final ConnectionPusher pusher;
    private final JsonMapper json;

    public WebSocketChannel(Connections connections, ConnectionPusher pusher, JsonMapper json) {
        this.connections = connections;
        this.pusher = pusher;
        this.json = json;
    }

    /** The answer to what a client sent: {@code pong} to a ping, a polite refusal to anything else. */
    public String answer(String body) {
        if (body != null && body.length() <= MAX_PING && "ping".equals(typeOf(body))) {
            return write(new LiveMessage.Pong());
        }
        return write(new LiveMessage.Refusal("unsupported-message",
                "this connection only answers {\"type\":\"ping\"}; use the HTTP API to change anything"));
    }

    @Override
    public Pushed push(List<Connection> open, List<? extends LiveNews> news) {
        if (news.isEmpty() || open.isEmpty()) {
            return Pushed.NONE;
        }
        List<String> texts = news.stream().map(WebSocketChannel::message).map(this::write).toList();
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

    /** The news in the words of the WebSocket protocol. */
    static LiveMessage message(LiveNews news) {
        return switch (news) {
            case LiveNews.ClusterStatus status -> new LiveMessage.ClusterStatus(status.change().clusterId(),
                    status.change().status(), status.change().previous().orElse(null),
                    status.change().reason().orElse(null), status.change().runId().orElse(null), status.at(),
                    status.change().version());
            case LiveNews.ClusterLog line -> new LiveMessage.ClusterLog(line.clusterId(), line.runId(), line.seq(),
                    line.at(), line.line());
            case LiveNews.NewNotification made -> new LiveMessage.NewNotification(
                    NotificationView.of(made.notification()));
        };
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

    /** The {@code type} of a small JSON object, or null when the text is not one. */
    private String typeOf(String body) {
        try {
            Map<?, ?> message = json.readValue(body, Map.class);
            return message != null && message.get("type") instanceof String type ? type : null;
        } catch (IOException | RuntimeException notJson) {
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
