package dev.skyport.kernel;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The envelope of a {@link PlatformEvent} as it travels (SNS, the users table's outbox, the local topic): an id,
 * the type, the person it is about, when, and the event's fields as strings. The id makes redelivery harmless:
 * consumers remember which ids they handled. Producers make one with {@link #of(PlatformEvent, Instant)};
 * consumers read it with {@link #payload()}.
 */
public record DomainEvent(String id, String type, String subject, Instant occurredAt, Map<String, String> data) {

    public DomainEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = Map.copyOf(data);
    }

    /** A new envelope, with a fresh id, for {@code event}. */
    public static DomainEvent of(PlatformEvent event, Instant occurredAt) {
        return of(UUID.randomUUID().toString(), event, occurredAt);
    }

    /** The envelope for {@code event} with an id the producer derives (so that a repeat makes the same event). */
    public static DomainEvent of(String id, PlatformEvent event, Instant occurredAt) {
        return new DomainEvent(id, event.type(), event.subject().value(), occurredAt, event.data());
    }

    /**
     * The typed event; empty for a type this build does not know.
     *
     * @throws IllegalArgumentException when the envelope lacks a field its type always has
     */
    public Optional<PlatformEvent> payload() {
        return PlatformEvent.of(this);
    }
}
