package dev.skyport.notifications.domain;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * A live WebSocket connection of a person, by the id API Gateway (or the local platform) gave it, and what opened it:
 * a session (signing it out closes the connection) or a personal access token, by its id (revoking it closes the
 * connection); both empty for one opened otherwise.
 */
public record Connection(String id, UserId owner, Optional<String> session, Optional<String> token,
                         Instant connectedAt) {

    public Connection(String id, UserId owner, Optional<String> session, Instant connectedAt) {
        this(id, owner, session, Optional.empty(), connectedAt);
    }
}
