package dev.skyport.kernel;

/**
 * What kind of failure a domain or application rule reports. The web edge maps each kind to an HTTP
 * status; the domain itself stays free of HTTP.
 */
public enum Failure {
    INVALID_INPUT,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    RATE_LIMITED,
    UNPROCESSABLE,
    UNAVAILABLE,
    /** Something this installation does not offer (a sign-in method it was not set up for): asking again won't help. */
    NOT_ENABLED,
    /** The request was made on knowledge that is no longer true (a version that changed meanwhile). */
    STALE,
    /** The request must say which version it was made on, and did not. */
    VERSION_REQUIRED
}
