package dev.skyport.local.events;

import dev.skyport.local.LocalOnly;
import dev.skyport.notifications.application.ConnectionPusher;
import io.micronaut.http.MediaType;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Development only: pushes to the local platform's own WebSocket sessions ({@code /ws}), as API Gateway's
 * Management API does in AWS. A session that is not open any more is GONE, like a 410.
 */
@Singleton
@LocalOnly
public class LocalConnectionPusher implements ConnectionPusher {

    private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();

    void opened(WebSocketSession session) {
        sessions.put(session.getId(), session);
    }

    void closed(String connectionId) {
        sessions.remove(connectionId);
    }

    /** How many sessions are open: the start-up banner and the benchmark read it. */
    public int open() {
        return sessions.size();
    }

    @Override
    public Delivery push(String connectionId, String message) {
        WebSocketSession session = sessions.get(connectionId);
        if (session == null || !session.isOpen()) {
            sessions.remove(connectionId);
            return Delivery.GONE;
        }
        session.sendSync(message, MediaType.APPLICATION_JSON_TYPE);
        return Delivery.DELIVERED;
    }

    @Override
    public void disconnect(String connectionId) {
        WebSocketSession session = sessions.remove(connectionId);
        if (session != null && session.isOpen()) {
            session.close(new CloseReason(LocalWebSocket.TICKET_REFUSED,
                    "the session ended: get a new ticket from POST /auth/ws-ticket"));
        }
    }
}
