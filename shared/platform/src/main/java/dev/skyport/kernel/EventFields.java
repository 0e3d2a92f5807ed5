package dev.skyport.kernel;

import java.util.Optional;

/** Reads an envelope's fields, saying which one is missing or malformed. */
final class EventFields {
    private final DomainEvent event;

    EventFields(DomainEvent event) {
        this.event = event;
    }

    UserId subject() {
        if (!UuidText.matches(event.subject())) {
            throw malformed("subject");
        }
        return new UserId(event.subject());
    }

    String required(String name) {
        return optional(name).orElseThrow(() -> malformed(name));
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(event.data().get(name)).filter(value -> !value.isEmpty());
    }

    long number(String name) {
        try {
            return Long.parseLong(required(name));
        } catch (NumberFormatException notANumber) {
            throw malformed(name);
        }
    }

    private IllegalArgumentException malformed(String name) {
        return new IllegalArgumentException(event.type() + " " + event.id() + " has no valid " + name);
    }
}
