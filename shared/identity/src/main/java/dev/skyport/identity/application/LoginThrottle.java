package dev.skyport.identity.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How failed logins slow further attempts, without letting anyone lock an owner out of their own account.
 * Failures are counted in three places: per client address (any account), per account and client address, and
 * per account (from everywhere). Past each count's threshold, every further attempt in that scope must wait a
 * delay that doubles with each failure, up to {@code maxDelay}. The owner, signing in from an address that has
 * not failed, meets only the per-account ceiling, which is far higher than what a single address may try; and
 * from an address they signed in from before ({@link #KNOWN_ADDRESS_KEPT}), not even that (OWASP: the per-account
 * brake must not let many addresses lock the owner out). A success never wipes the per-account count: only its
 * window ends it, so a slow attacker does not get a fresh allowance each time the owner signs in.
 */
public record LoginThrottle(int addressThreshold, int pairThreshold, int accountThreshold, Duration window,
                            Duration baseDelay, Duration maxDelay) {

    /** How long an address the owner signed in from stays known to the per-account brake. */
    public static final Duration KNOWN_ADDRESS_KEPT = Duration.ofDays(90);

    /** The counters one attempt of {@code accountKey} from {@code clientAddress} touches, with their thresholds. */
    List<Counter> counters(String accountKey, String clientAddress) {
        return List.of(
                new Counter("ADDR#" + clientAddress, addressThreshold),
                new Counter("PAIR#" + accountKey + "#" + clientAddress, pairThreshold),
                new Counter(accountKey, accountThreshold));
    }

    /** How long an attempt must still wait given one counter's window, if at all. */
    Optional<Duration> waitFor(Counter counter, LoginAttempts.Window window, Instant now) {
        int over = window.failures() - counter.threshold();
        if (over < 0) {
            return Optional.empty();
        }
        Duration delay = baseDelay.multipliedBy(1L << Math.min(over, 30));
        if (delay.compareTo(maxDelay) > 0) {
            delay = maxDelay;
        }
        Instant allowedAt = window.lastFailureAt().plus(delay);
        return now.isBefore(allowedAt) ? Optional.of(Duration.between(now, allowedAt)) : Optional.empty();
    }

    record Counter(String key, int threshold) {
    }
}
