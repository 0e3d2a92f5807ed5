package dev.skyport.notifications.domain;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * A live WebSocket connection of a person, by the id API Gateway (or the local platform) gave it, and the session
 * that opened it (empty for one opened without a session): signing that session out closes it.
 */
public record Connection(String id, UserId owner, Optional<String> session, Instant connectedAt) {
}
