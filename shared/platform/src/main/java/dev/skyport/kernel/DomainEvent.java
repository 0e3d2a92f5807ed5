package dev.skyport.kernel;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that happened in one bounded context that others may act on ({@code user.deleted}, ...). The id makes
 * redelivery harmless: consumers remember which ids they handled.
 */
public record DomainEvent(String id, String type, String subject, Instant occurredAt, Map<String, String> data) {

    public DomainEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = Map.copyOf(data);
    }

    public static DomainEvent of(String type, String subject, Instant occurredAt, Map<String, String> data) {
        return new DomainEvent(UUID.randomUUID().toString(), type, subject, occurredAt, data);
    }
}
