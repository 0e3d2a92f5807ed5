package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;

/** The challenges between a sign-in's two steps, stored only as hashes (like every bearer secret of Skyport's). */
public interface SignInChallenges {

    void save(String challengeHash, UserId userId, Instant validUntil);

    /**
     * Counts one attempt at the second step, in one conditional write: the challenge's person while it is valid and
     * had fewer than {@code maxAttempts} attempts; empty otherwise (unknown, expired, used or tried too often).
     */
    Optional<UserId> attempt(String challengeHash, Instant now, int maxAttempts);

    /** Uses the challenge up; false when another request did first (of two, one wins). */
    boolean consume(String challengeHash);
}
