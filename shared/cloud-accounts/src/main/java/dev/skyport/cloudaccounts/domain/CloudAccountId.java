package dev.skyport.cloudaccounts.domain;

import java.util.Objects;
import java.util.UUID;

public record CloudAccountId(String value) {

    public CloudAccountId {
        Objects.requireNonNull(value, "value");
    }

    public static CloudAccountId generate() {
        return new CloudAccountId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
