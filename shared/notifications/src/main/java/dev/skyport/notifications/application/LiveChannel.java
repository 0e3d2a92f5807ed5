package dev.skyport.notifications.application;

import dev.skyport.notifications.domain.Connection;
import java.util.List;

/**
 * Delivers news to open connections: in order on each connection, to all of them at once. A connection found
 * closed is forgotten; any other failure is logged and counted, never thrown (what was kept stays kept).
 */
public interface LiveChannel {

    /** How a push to a person's connections went. */
    record Pushed(int connections, int delivered, int gone, int failed) {
        public static final Pushed NONE = new Pushed(0, 0, 0, 0);
    }

    Pushed push(List<Connection> open, List<? extends LiveNews> news);
}
