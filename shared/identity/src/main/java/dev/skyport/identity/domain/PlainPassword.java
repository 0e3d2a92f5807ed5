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
    }

    /** A password chosen now must meet the policy; one offered at login is only compared. */
    public static PlainPassword chosen(String value) {
        PlainPassword password = new PlainPassword(value);
        int length = value.codePointCount(0, value.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
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
