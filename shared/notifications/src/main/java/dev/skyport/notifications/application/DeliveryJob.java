package dev.skyport.notifications.application;

import dev.skyport.kernel.UserId;
import java.util.Objects;

/**
 * The next attempt of one delivery: number {@code attempts + 1}. What a queue message carries; no secret, no body.
 */
public record DeliveryJob(UserId owner, String endpointId, String deliveryId, int attempts) {

    public DeliveryJob {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(deliveryId, "deliveryId");
    }
}
