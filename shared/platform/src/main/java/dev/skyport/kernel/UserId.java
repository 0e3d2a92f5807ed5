package dev.skyport.kernel;

import java.util.Objects;
import java.util.UUID;

public record UserId(String value) {

    public UserId {
        Objects.requireNonNull(value, "value");
    }

    /** The id in a request (a path segment): anything but a UUID is a user that does not exist. */
    public static UserId parse(String text) {
        if (!UuidText.matches(text)) {
            throw new DomainException(Failure.NOT_FOUND, "user-not-found", "there is no user with this id");
        }
        return new UserId(text.toLowerCase(java.util.Locale.ROOT));
    }

    public static UserId generate() {
        return new UserId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
