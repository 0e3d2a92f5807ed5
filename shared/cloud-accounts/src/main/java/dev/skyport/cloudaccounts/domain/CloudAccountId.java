package dev.skyport.cloudaccounts.domain;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UuidText;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

public record CloudAccountId(String value) {

    public CloudAccountId {
        Objects.requireNonNull(value, "value");
    }

    /** The id in a request: anything but a UUID is an account that does not exist. */
    public static CloudAccountId parse(String text) {
        if (!UuidText.matches(text)) {
            throw new DomainException(Failure.NOT_FOUND, "cloud-account-not-found",
                    "there is no cloud account with this id");
        }
        return new CloudAccountId(text.toLowerCase(Locale.ROOT));
    }

    public static CloudAccountId generate() {
        return new CloudAccountId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
