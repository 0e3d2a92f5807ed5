package dev.skyport.identity.domain;

import dev.skyport.kernel.DomainException;

/** A password as typed. Never logged: {@link #toString()} is masked. */
public record PlainPassword(String value) {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    public PlainPassword {
        if (value == null || value.isEmpty()) {
            throw DomainException.invalid("invalid-password", "password is required");
        }
        // No password longer than this can be set, so none longer is hashed or compared: checked before Argon2.
        if (value.length() > 2 * MAX_LENGTH || value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw DomainException.invalid("invalid-password", "password is at most " + MAX_LENGTH + " characters");
        }
    }

    /** A password chosen now must meet the policy; one offered at login is only compared. */
    public static PlainPassword chosen(String value) {
        PlainPassword password = new PlainPassword(value);
        if (value.codePointCount(0, value.length()) < MIN_LENGTH) {
            throw DomainException.invalid("invalid-password",
                    "password must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters");
        }
        return password;
    }

    @Override
    public String toString() {
        return "PlainPassword[****]";
    }
}
