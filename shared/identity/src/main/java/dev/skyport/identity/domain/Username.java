package dev.skyport.identity.domain;

import dev.skyport.kernel.DomainException;
import java.util.regex.Pattern;

/** A public handle: 3 to 30 characters of lower-case letters, digits, '_', '.' and '-'. */
public record Username(String value) {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 30;
    private static final Pattern SHAPE = Pattern.compile("^[a-z0-9_.-]{3,30}$");

    public Username {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid("invalid-username", "username is required");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw DomainException.invalid("invalid-username",
                    "username must be 3 to 30 characters of a-z, 0-9, '_', '.' or '-'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
