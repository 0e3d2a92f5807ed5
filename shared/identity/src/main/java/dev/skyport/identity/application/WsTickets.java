package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;

/** Single-use tickets that open a WebSocket connection, stored by hash. */
public interface WsTickets {

    void save(String ticketHash, UserId userId, Instant expiresAt);

    /** Removes the ticket and returns its user if it existed and had not expired at {@code now}. */
    Optional<UserId> redeem(String ticketHash, Instant now);
}
