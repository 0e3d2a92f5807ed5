package dev.skyport.kernel;

import java.time.Duration;
import java.util.Optional;

/**
 * A rule said no. {@code slug} is the stable last segment of the problem {@code type} URI; the message is
 * the human {@code detail} and must never contain a secret.
 */
public class DomainException extends RuntimeException {

    private final Failure failure;
    private final String slug;
    private final Duration retryAfter;

    public DomainException(Failure failure, String slug, String detail) {
        this(failure, slug, detail, null);
    }

    public DomainException(Failure failure, String slug, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.failure = failure;
        this.slug = slug;
        this.retryAfter = retryAfter;
    }

    public static DomainException invalid(String slug, String detail) {
        return new DomainException(Failure.INVALID_INPUT, slug, detail);
    }

    public Failure failure() {
        return failure;
    }

    public String slug() {
        return slug;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The error code of an outside provider behind this failure, when there is one. */
    public Optional<String> providerCode() {
        return Optional.empty();
    }
}
