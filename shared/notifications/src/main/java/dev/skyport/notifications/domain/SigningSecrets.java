package dev.skyport.notifications.domain;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A webhook's signing secrets as the Standard Webhooks specification has them ({@code whsec_} and the base64 of 24
 * random bytes): the current one, and after a rotation the previous one until its overlap ends, during which every
 * delivery carries both signatures so a receiver can switch at its own pace. Kept in the secret store as one value
 * ({@link #stored()}), never in a table.
 */
public record SigningSecrets(String current, Optional<String> previous, Optional<Instant> previousUntil) {

    public static final String PREFIX = "whsec_";
    /** How long the previous secret still signs after a rotation. */
    public static final Duration OVERLAP = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    public SigningSecrets {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(previousUntil, "previousUntil");
    }

    public static SigningSecrets generate() {
        return new SigningSecrets(newSecret(), Optional.empty(), Optional.empty());
    }

    private static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** A new current secret; the current one keeps signing for {@link #OVERLAP}. */
    public SigningSecrets rotated(Instant now) {
        return new SigningSecrets(newSecret(), Optional.of(current), Optional.of(now.plus(OVERLAP)));
    }

    /** The secrets that sign at {@code now}: the current one first. */
    public List<String> signingAt(Instant now) {
        List<String> signing = new ArrayList<>(List.of(current));
        if (previous.isPresent() && previousUntil.isPresent() && now.isBefore(previousUntil.get())) {
            signing.add(previous.get());
        }
        return List.copyOf(signing);
    }

    /** The stored form: {@code v1 current [previous untilEpochMillis]}. */
    public String stored() {
        return previous.isPresent() && previousUntil.isPresent()
                ? "v1 " + current + " " + previous.get() + " " + previousUntil.get().toEpochMilli()
                : "v1 " + current;
    }

    public static SigningSecrets parse(String stored) {
        String[] parts = stored.split(" ");
        if (parts.length == 2 && parts[0].equals("v1")) {
            return new SigningSecrets(parts[1], Optional.empty(), Optional.empty());
        }
        if (parts.length == 4 && parts[0].equals("v1")) {
            return new SigningSecrets(parts[1], Optional.of(parts[2]),
                    Optional.of(Instant.ofEpochMilli(Long.parseLong(parts[3]))));
        }
        throw new IllegalStateException("a signing secret of an unknown form");
    }

    /** The first characters of a secret and an ellipsis: enough to tell two apart, not to use one. */
    public static String masked(String secret) {
        return secret.substring(0, Math.min(secret.length(), PREFIX.length() + 4)) + "…";
    }

    @Override
    public String toString() {
        return "SigningSecrets[masked]";
    }
}
