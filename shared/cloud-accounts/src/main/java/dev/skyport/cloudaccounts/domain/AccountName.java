package dev.skyport.cloudaccounts.domain;

import dev.skyport.kernel.DomainException;
import java.util.Locale;

/** A cloud account's name: unique per user, compared without case. */
public record AccountName(String value) {

    public static final int MAX_LENGTH = 64;

    public AccountName {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid("invalid-name", "name is required");
        }
        value = value.strip();
        if (value.length() > MAX_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("invalid-name",
                    "name must be 1 to " + MAX_LENGTH + " printable characters");
        }
    }

    public String key() {
        return value.toLowerCase(Locale.ROOT);
    }
}
