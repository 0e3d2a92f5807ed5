package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;

/** Pending password-reset links, stored by the hash of their token. */
public interface PasswordResets {

    void save(String tokenHash, UserId userId, Instant expiresAt);

    /** Removes and returns the pending reset: a link works at most once. */
    Optional<PendingReset> consume(String tokenHash);

    record PendingReset(UserId userId, Instant expiresAt) {
    }
}
