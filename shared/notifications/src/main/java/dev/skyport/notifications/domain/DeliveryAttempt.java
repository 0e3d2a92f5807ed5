package dev.skyport.notifications.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One line of a channel's delivery history: when, which delivery of which event, the receiver's status code (none
 * when it never answered), how long it took, and what went wrong, in words that hold no secret.
 */
public record DeliveryAttempt(Instant at, String deliveryId, String kind, int attempt, OptionalInt statusCode,
                              Duration latency, Optional<String> error) {

    public DeliveryAttempt {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(error, "error");
    }

    public boolean succeeded() {
        return error.isEmpty() && statusCode.isPresent() && statusCode.getAsInt() >= 200 && statusCode.getAsInt() < 300;
    }
}
