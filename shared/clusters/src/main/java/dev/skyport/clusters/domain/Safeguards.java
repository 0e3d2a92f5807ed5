package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What keeps a cluster from going by a slip, or from running forever. Only Skyport keeps these: changing them starts
 * no run.
 *
 * @param deletionProtection a delete, by a person or by the expiry, is refused until this is turned off
 * @param expiresAt          when a destroy run starts by itself; at most {@link #LONGEST_LIFE} ahead when it is set
 */
public record Safeguards(boolean deletionProtection, Optional<Instant> expiresAt) {

    /** The farthest ahead an expiry may be set (and set again, to extend it). */
    public static final Duration LONGEST_LIFE = Duration.ofDays(90);

    public Safeguards {
        expiresAt = expiresAt.map(at -> at.truncatedTo(ChronoUnit.SECONDS));
    }

    public static Safeguards none() {
        return new Safeguards(false, Optional.empty());
    }

    /**
     * An expiry a person asked for at {@code now}: in the future, and not beyond {@link #LONGEST_LIFE}.
     *
     * @throws DomainException {@code invalid-expires-at} (400) naming the field otherwise
     */
    public static Instant requireExpiry(Instant at, Instant now) {
        if (!at.isAfter(now)) {
            throw DomainException.invalid("invalid-expires-at", "expires_at must be in the future (it is "
                    + at.truncatedTo(ChronoUnit.SECONDS) + ", now is " + now.truncatedTo(ChronoUnit.SECONDS) + ")");
        }
        if (at.isAfter(now.plus(LONGEST_LIFE))) {
            throw DomainException.invalid("invalid-expires-at", "expires_at may be at most "
                    + LONGEST_LIFE.toDays() + " days ahead (at the latest "
                    + now.plus(LONGEST_LIFE).truncatedTo(ChronoUnit.SECONDS) + "); extend it later");
        }
        return at;
    }

    public Safeguards protecting(boolean on) {
        return new Safeguards(on, expiresAt);
    }

    public Safeguards expiring(Optional<Instant> at) {
        return new Safeguards(deletionProtection, at);
    }
}
