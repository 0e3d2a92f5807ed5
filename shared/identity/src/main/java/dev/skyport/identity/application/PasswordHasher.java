package dev.skyport.identity.application;

import dev.skyport.identity.domain.PlainPassword;

public interface PasswordHasher {

    String hash(PlainPassword password);

    boolean matches(PlainPassword password, String hash);

    /** Spends the time of one verification, so that an unknown account answers as slowly as a known one. */
    void spendVerificationTime(PlainPassword password);
}
