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

    /** Remembers that the account's owner signed in from {@code clientAddress}, until {@code now + keep}. */
    void rememberSignIn(String accountKey, String clientAddress, Instant now, java.time.Duration keep);

    /** Whether the account's owner signed in from {@code clientAddress} within the time it is remembered. */
    boolean signedInFrom(String accountKey, String clientAddress, Instant now);

    /** Forgets every address the account's owner signed in from (the account is deleted). */
    void forgetSignIns(String accountKey);

    record Window(int failures, Instant endsAt, Instant lastFailureAt) {
    }
}
