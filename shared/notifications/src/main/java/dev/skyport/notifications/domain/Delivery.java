package dev.skyport.notifications.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One event on its way to one channel. Its id is the Standard Webhooks {@code webhook-id}: derived from the event
 * and the channel, so an event delivered twice to Skyport makes one delivery, and kept across retries and
 * redelivery by hand, so a receiver drops what it already has. The body is fixed when it is made: every attempt sends
 * the same bytes.
 *
 * @param attempts       how many attempts were made (the next attempt is number {@code attempts + 1})
 * @param roundStartedAt when the current round of attempts began (made, or redelivered by hand): retries stop a day
 *                       after it
 * @param manual         sent by hand (a test event, a redelivery): goes out even to a channel that is off
 */
public record Delivery(String endpointId, String id, String eventId, String kind, String body, State state,
                       int attempts, Instant createdAt, Instant roundStartedAt, boolean manual) {

    public enum State {
        /** Waiting for its next attempt, or being attempted. */
        PENDING,
        /** A 2xx answer was received. */
        DELIVERED,
        /** Given up: a day of failures, or the channel was turned off or removed. */
        FAILED
    }

    public Delivery {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(roundStartedAt, "roundStartedAt");
    }

    /** The id of the delivery of {@code eventId} to {@code endpointId}: {@code msg_} and 26 hex digits. */
    public static String idOf(String eventId, String endpointId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((eventId + "\n" + endpointId).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(hash, 0, 13);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static Delivery of(ChannelEvent event, String endpointId, String body, Instant now, boolean manual) {
        return new Delivery(endpointId, idOf(event.eventId(), endpointId), event.eventId(), event.kind(), body,
                State.PENDING, 0, now, now, manual);
    }
}
