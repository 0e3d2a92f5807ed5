package dev.skyport.platform.config;

import java.util.Locale;

/**
 * Of whom two-factor sign-in is required ({@value #PROPERTY}, {@code SKYPORT_MFA_REQUIRED}): nobody, the people who
 * hold ADMIN, or everyone. Plain Java, so that the CDK app checks the value it deploys with the very rule the functions
 * read it with.
 */
public enum MfaRequired {
    NONE, ADMINS, EVERYONE;

    public static final String PROPERTY = "skyport.mfa.required";

    /** @throws IllegalArgumentException naming the setting, for a value that is none of the three */
    public static MfaRequired parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(PROPERTY + " must be none, admins or everyone, not " + value);
        }
    }

    /** As the setting is written. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
