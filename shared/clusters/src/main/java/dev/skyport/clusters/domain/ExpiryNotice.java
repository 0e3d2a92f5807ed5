package dev.skyport.clusters.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a cluster's owner is told as its expiry comes: a day before, an hour before, and when it comes (its destroy
 * started, or deletion protection kept it). Each is told once per expiry: a new expiry is told again.
 */
public enum ExpiryNotice {
    WITHIN_A_DAY("within-a-day"), WITHIN_AN_HOUR("within-an-hour"), DUE("due"), PROTECTED("protected");

    private final String word;

    ExpiryNotice(String word) {
        this.word = word;
    }

    /** Its word in the published language's {@code cluster.expiring} event. */
    public String word() {
        return word;
    }

    /** The notice of that word, if it is one. */
    public static Optional<ExpiryNotice> ofWord(String word) {
        for (ExpiryNotice notice : values()) {
            if (notice.word.equals(word)) {
                return Optional.of(notice);
            }
        }
        return Optional.empty();
    }

    /** The warning due at {@code now} for an expiry at {@code expiresAt}, if one is (none once it has come). */
    public static Optional<ExpiryNotice> warningAt(Instant now, Instant expiresAt) {
        if (!now.isBefore(expiresAt)) {
            return Optional.empty();
        }
        if (!now.isBefore(expiresAt.minus(Duration.ofHours(1)))) {
            return Optional.of(WITHIN_AN_HOUR);
        }
        if (!now.isBefore(expiresAt.minus(Duration.ofDays(1)))) {
            return Optional.of(WITHIN_A_DAY);
        }
        return Optional.empty();
    }
}
