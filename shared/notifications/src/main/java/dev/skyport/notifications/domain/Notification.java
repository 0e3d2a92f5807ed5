package dev.skyport.notifications.domain;

import dev.skyport.kernel.UserId;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Something a person is told, kept until they delete it or for 90 days: a title and a body they understand, and
 * the resource it is about (a path of the API, such as {@code /clusters/<id>}).
 *
 * @param kind what happened, as the event that caused it names it ({@code cluster.running}, ...)
 */
public record Notification(String id, UserId owner, String kind, String title, String body, String resource,
                           Instant createdAt, boolean read) {

    /**
     * The notification an event makes. Its id is a version 7 UUID derived from the event's id and time: the same
     * event always makes the same notification (a redelivered event makes no second one), and ids sort by time.
     */
    public static Notification of(String eventId, Instant occurredAt, UserId owner, String kind, String title,
                                  String body, String resource) {
        Instant at = occurredAt.truncatedTo(ChronoUnit.MILLIS);
        ByteBuffer hash = ByteBuffer.wrap(sha256(eventId));
        long high = (at.toEpochMilli() << 16) | 0x7000L | (hash.getShort() & 0x0FFFL);
        long low = (hash.getLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new Notification(new UUID(high, low).toString(), owner, kind, title, body, resource, at, false);
    }

    public Notification markedRead() {
        return new Notification(id, owner, kind, title, body, resource, createdAt, true);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
