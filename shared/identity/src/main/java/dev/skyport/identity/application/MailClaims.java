package dev.skyport.identity.application;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Which mail requests are being worked on or are done, so that a request delivered twice sends nothing twice and one
 * whose worker died is done again once its lease has run out.
 */
public interface MailClaims {

    /** Takes the request for this worker until {@code now + lease}, unless it is done or another worker holds it. */
    Claim claim(UUID requestId, Instant now, Duration lease);

    /** The request's work is done: later deliveries of it are skipped. */
    void done(UUID requestId, Instant now);

    /** The work failed: the next delivery may claim it at once. */
    void release(UUID requestId);

    enum Claim {
        /** This worker holds it: do the work. */
        TAKEN,
        /** Done before: skip it. */
        ALREADY_DONE,
        /** Another worker holds an unexpired lease: try again later. */
        HELD_ELSEWHERE
    }
}
