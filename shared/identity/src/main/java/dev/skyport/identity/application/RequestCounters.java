package dev.skyport.identity.application;

import java.time.Duration;
import java.time.Instant;

/** Counts requests per key in a window that opens with the first one: the memory behind rate limits. */
public interface RequestCounters {

    /** Counts one request and returns the count in the open window, with the window's end. */
    Count increment(String key, Instant now, Duration window);

    record Count(int value, Instant windowEndsAt) {
    }
}
