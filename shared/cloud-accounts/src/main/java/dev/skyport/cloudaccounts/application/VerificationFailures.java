package dev.skyport.cloudaccounts.application;

import dev.skyport.kernel.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed verifications of credentials a person presents, counted per user and per client address in a fixed
 * window that opens at the first failure. They make Skyport useless as an oracle for stolen cloud keys.
 */
public interface VerificationFailures {

    /** The failures counted in the windows open at {@code now}, for the user and for the client address. */
    Counts current(UserId user, String clientAddress, Instant now, Duration window);

    /** Counts one failure for the user and one for the client address (atomically each). */
    void record(UserId user, String clientAddress, Instant now, Duration window);

    record Window(int failures, Instant endsAt) {
    }

    record Counts(Optional<Window> byUser, Optional<Window> byAddress) {
    }
}
