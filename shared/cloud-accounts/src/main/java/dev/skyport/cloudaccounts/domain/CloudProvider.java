package dev.skyport.cloudaccounts.domain;

import dev.skyport.kernel.DomainException;
import java.util.Locale;

public enum CloudProvider {
    AWS,
    AZURE,
    GCP;

    public static CloudProvider parse(String value) {
        try {
            return valueOf(String.valueOf(value).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("invalid-provider", "provider must be one of aws, azure, gcp");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
