package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UuidText;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

public record ClusterId(String value) {

    public ClusterId {
        Objects.requireNonNull(value, "value");
    }

    /** The id in a request: anything but a UUID is a cluster that does not exist. */
    public static ClusterId parse(String text) {
        if (!UuidText.matches(text)) {
            throw new DomainException(Failure.NOT_FOUND, "cluster-not-found", "there is no cluster with this id");
        }
        return new ClusterId(text.toLowerCase(Locale.ROOT));
    }

    public static ClusterId generate() {
        return new ClusterId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
