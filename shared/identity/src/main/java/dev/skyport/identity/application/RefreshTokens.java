package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens, stored only as hashes. Each login starts a family; every refresh replaces the token by
 * a new one of the same family, and presenting a replaced token again revokes the family.
 */
public interface RefreshTokens {

    /**
     * Starts a session with its first token. {@code sessionEndsAt} is the session's absolute end: no token of the
     * family is ever valid past it, however often it is refreshed.
     */
    void startFamily(UserId userId, String familyId, String tokenHash, Instant expiresAt, Instant sessionEndsAt);

    Optional<StoredRefreshToken> find(String tokenHash);

    /**
     * Replaces {@code current} by a new token of the same family, only if {@code current} is still the
     * family's active token and the family is not revoked.
     *
     * @return false when another request used {@code current} first or the family was revoked
     */
    boolean rotate(StoredRefreshToken current, String newTokenHash, Instant newExpiresAt);

    /**
     * Replaces whatever token is the family's active one by a new token, for a client that proves its session with
     * an access token rather than the refresh token (after a username or password change).
     *
     * @param newExpiresAt the wished expiry; the session's absolute end caps it
     * @return the new token's expiry, or empty when the family is revoked, gone, past its end or changed meanwhile
     */
    Optional<Instant> reissue(UserId userId, String familyId, String newTokenHash, Instant now, Instant newExpiresAt);

    void revokeFamily(UserId userId, String familyId);

    /**
     * Records on the session when it last proved a second factor; false when the session is gone or revoked.
     */
    boolean recordSecondFactor(UserId userId, String familyId, Instant at);

    /** Revokes every family of the user, except {@code keepFamilyId} when given. */
    void revokeAllFamilies(UserId userId, Optional<String> keepFamilyId);

    enum Status { ACTIVE, ROTATED }

    /** @param sessionEndsAt the absolute end of the session the token belongs to */
    record StoredRefreshToken(String tokenHash, UserId userId, String familyId, Status status, Instant expiresAt,
                              Instant sessionEndsAt) {
    }
}
