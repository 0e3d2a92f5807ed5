package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;

/** Pending e-mail verification links, stored by the hash of their token. */
public interface EmailVerifications {

    void save(String tokenHash, UserId userId, Instant expiresAt);

    /** Removes and returns the pending verification: a link works at most once. */
    Optional<PendingVerification> consume(String tokenHash);

    record PendingVerification(UserId userId, Instant expiresAt) {
    }
}
