package dev.skyport.notifications.application;

/**
 * Sends a message to one open WebSocket connection: API Gateway's Management API in AWS ({@code PostToConnection}),
 * the local platform's own WebSocket sessions in development.
 */
public interface ConnectionPusher {

    /** What became of a push. Any other failure is thrown. */
    enum Delivery {
        DELIVERED,
        /** The connection is closed (410 Gone): forget it. */
        GONE
    }

    Delivery push(String connectionId, String message);

    /**
     * Closes the connection: the client must open a new one, with a ticket only a live session can get. A connection
     * closed already is no failure; any other failure is thrown.
     */
    void disconnect(String connectionId);
}
