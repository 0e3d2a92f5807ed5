package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens, stored only as hashes. Each login starts a family; every refresh replaces the token by
 * a new one of the same family, and presenting a replaced token again revokes the family.
 */
public interface RefreshTokens {

    void startFamily(UserId userId, String familyId, String tokenHash, Instant expiresAt);

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
     * @return false when the family is revoked, gone, or changed meanwhile
     */
    boolean reissue(UserId userId, String familyId, String newTokenHash, Instant newExpiresAt);

    /** Whether the session (family) exists and is not revoked: what a signed-in change needs first. */
    boolean isFamilyLive(UserId userId, String familyId);

    void revokeFamily(UserId userId, String familyId);

    /** Revokes every family of the user, except {@code keepFamilyId} when given. */
    void revokeAllFamilies(UserId userId, Optional<String> keepFamilyId);

    enum Status { ACTIVE, ROTATED }

    record StoredRefreshToken(String tokenHash, UserId userId, String familyId, Status status, Instant expiresAt) {
    }
}
