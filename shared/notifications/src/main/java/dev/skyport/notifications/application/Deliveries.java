package dev.skyport.notifications.application;

import dev.skyport.notifications.domain.Delivery;
import dev.skyport.notifications.domain.DeliveryAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The deliveries of each channel, their claims, and the channel's history of attempts. */
public interface Deliveries {

    /** Keeps a new delivery; false, changing nothing, when it is kept already (the event came twice). */
    boolean create(Delivery delivery);

    Optional<Delivery> find(String endpointId, String deliveryId);

    /**
     * Claims attempt {@code attempts + 1} of a pending delivery for {@code lease}: only one worker makes an attempt,
     * however many copies of its queue message arrive.
     */
    Claim claim(String endpointId, String deliveryId, int attempts, Instant now, Duration lease);

    /**
     * Records the attempt the claim was for, moving the delivery to {@code state}, and adds it to the history; false
     * when the attempt was recorded already.
     */
    boolean record(String endpointId, String deliveryId, int attempts, Delivery.State state, DeliveryAttempt attempt);

    /** Ends a pending delivery without an attempt (its channel is off or gone). */
    void abandon(String endpointId, String deliveryId, int attempts);

    /**
     * Starts a new round of attempts of a delivery that is no longer pending (redelivery by hand); answers the
     * delivery as it now is, or empty when it is pending already or unknown.
     */
    Optional<Delivery> reopen(String endpointId, String deliveryId, Instant now);

    /** The channel's latest attempts, newest first, at most {@code limit}. */
    List<DeliveryAttempt> history(String endpointId, int limit);

    enum Claim {
        /** This caller makes the attempt. */
        TAKEN,
        /** The attempt was made (a duplicate message): nothing to do. */
        ALREADY_DONE,
        /** Another worker is on it, or the delivery is not there yet: try later. */
        HELD_ELSEWHERE
    }
}
