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
     * Whose a ticket is: the person, and what asked for it: one of their sessions (its connection closes when that
     * session is signed out) or a personal access token (by its hash, as its item is keyed; its connection closes
     * when it is revoked). A ticket is good only while that session or token still is.
     */
    record Holder(UserId user, Optional<String> session, Optional<String> tokenHash) {
        public Holder(UserId user, Optional<String> session) {
            this(user, session, Optional.empty());
        }
    }
}
