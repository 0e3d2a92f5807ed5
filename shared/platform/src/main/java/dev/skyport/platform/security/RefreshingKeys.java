package dev.skyport.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys read from their source at start-up and read again when the copy is older than {@code maxAge}, or on demand
 * (a token naming a kid not known yet) at most once per {@code minInterval}. This is how a rotation reaches running
 * functions without a redeploy. A failed read keeps the keys already held: a Secrets Manager hiccup must not stop
 * every request; the first read, at start-up, has no such fallback and fails the start.
 */
final class RefreshingKeys<T> {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshingKeys.class);

    private final Supplier<T> loader;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration minInterval;
    private volatile T keys;
    private volatile Instant loadedAt;

    RefreshingKeys(Supplier<T> loader, Clock clock, Duration maxAge, Duration minInterval) {
        this.loader = loader;
        this.clock = clock;
        this.maxAge = maxAge;
        this.minInterval = minInterval;
        this.keys = loader.get();
        this.loadedAt = clock.instant();
    }

    /** The keys, read again first if the copy is older than the maximum age. */
    T current() {
        if (!clock.instant().isBefore(loadedAt.plus(maxAge))) {
            reload(maxAge);
        }
        return keys;
    }

    /** Reads again unless the copy is younger than the minimum interval; returns the keys held afterwards. */
    T refreshed() {
        reload(minInterval);
        return keys;
    }

    private synchronized void reload(Duration ifOlderThan) {
        Instant now = clock.instant();
        if (now.isBefore(loadedAt.plus(ifOlderThan))) {
            return;
        }
        try {
            keys = loader.get();
        } catch (RuntimeException e) {
            // The message says what is wrong with the set (never its content, see TokenKeySets) or the SDK failure.
            LOG.warn("could not read the token keys again; keeping the ones read at {}: {}", loadedAt, e.toString());
        }
        loadedAt = now;
    }
}
