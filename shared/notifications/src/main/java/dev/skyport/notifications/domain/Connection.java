package dev.skyport.notifications.domain;

import dev.skyport.kernel.UserId;
import java.time.Instant;

/** A live WebSocket connection of a person, by the id API Gateway (or the local platform) gave it. */
public record Connection(String id, UserId owner, Instant connectedAt) {
}
