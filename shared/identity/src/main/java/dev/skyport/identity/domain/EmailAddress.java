package dev.skyport.identity.domain;

import dev.skyport.kernel.DomainException;
import java.util.Locale;
import java.util.regex.Pattern;

/** An e-mail address, compared case-insensitively: the value is always lower case. */
public record EmailAddress(String value) {

    /** RFC 5321's limit on an address. */
    public static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");

    public EmailAddress {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid("invalid-email", "email is required");
        }
        if (value.length() > MAX_LENGTH * 2) {
            throw DomainException.invalid("invalid-email", "email is at most " + MAX_LENGTH + " characters");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (value.length() > MAX_LENGTH || !SHAPE.matcher(value).matches()) {
            throw DomainException.invalid("invalid-email", "email must be an address like name@example.com");
        }
    }

    public String localPart() {
        return value.substring(0, value.indexOf('@'));
    }

    @Override
    public String toString() {
        return value;
    }
}
