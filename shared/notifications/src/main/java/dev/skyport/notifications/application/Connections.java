package dev.skyport.notifications.application;

import dev.skyport.kernel.UserId;
import dev.skyport.notifications.domain.Connection;
import java.util.List;

/** The open WebSocket connections, found per person. */
public interface Connections {

    /** Keeps a connection that just opened; it is forgotten by itself after {@code LiveUpdates#CONNECTION_KEPT}. */
    void open(Connection connection);

    /** Forgets a connection (closed, or gone when pushed to). Forgetting an unknown one changes nothing. */
    void close(String connectionId);

    /** The person's open connections. */
    List<Connection> of(UserId owner);
}
