package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;

/** Single-use tickets that open a WebSocket connection, stored by hash. */
public interface WsTickets {

    void save(String ticketHash, Holder holder, Instant expiresAt);

    /** Removes the ticket and returns whose it was if it existed and had not expired at {@code now}. */
    Optional<Holder> redeem(String ticketHash, Instant now);

    /**
     * Whose a ticket is: the person, and the session that asked for it (its connection closes when that session is
     * signed out); empty for a ticket asked for without one.
     */
    record Holder(UserId user, Optional<String> session) {
    }
}
