package dev.skyport.identity.application;

import java.time.Instant;
import java.util.Optional;

/** Failed logins per counter key (an address, an account, both), counted in a window that starts at the first failure. */
public interface LoginAttempts {

    /** Counts one failure and returns the number of failures in the current window. */
    int recordFailure(String accountKey, Instant now, java.time.Duration window);

    /** The failures counted in the window that is open at {@code now}, with the window's end. */
    Optional<Window> currentWindow(String accountKey, Instant now, java.time.Duration window);

    void reset(String accountKey);

    record Window(int failures, Instant endsAt, Instant lastFailureAt) {
    }
}
