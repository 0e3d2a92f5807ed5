package dev.skyport.identity.application;

import dev.skyport.identity.application.RefreshTokens.Status;
import dev.skyport.identity.application.RefreshTokens.StoredRefreshToken;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.kernel.PlatformEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Starts, refreshes and ends sessions. Refresh tokens rotate on every use; reuse revokes the family. */
public class Sessions {

    private final Users users;
    private final RefreshTokens refreshTokens;
    private final AccessTokens accessTokens;
    private final IdentityRules settings;
    private final Announcements announcements;
    private final Clock clock;

    public Sessions(Users users, RefreshTokens refreshTokens, AccessTokens accessTokens, IdentityRules settings,
                    Announcements announcements, Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.settings = settings;
        this.announcements = announcements;
        this.clock = clock;
    }

    public Session start(User user) {
        return start(user, Optional.empty());
    }

    /** @param secondFactorAt when the sign-in proved a second factor, if it did (the session starts fresh with it) */
    public Session start(User user, Optional<Instant> secondFactorAt) {
        Instant now = clock.instant();
        String sessionId = UUID.randomUUID().toString();
        String refreshToken = OpaqueToken.generate();
        Instant sessionEndsAt = now.plus(settings.sessionMaxLifetime());
        Instant refreshExpiresAt = earliest(now.plus(settings.refreshTokenTtl()), sessionEndsAt);
        refreshTokens.startFamily(user.id(), sessionId, OpaqueToken.hash(refreshToken), refreshExpiresAt,
                sessionEndsAt);
        secondFactorAt.ifPresent(at -> refreshTokens.recordSecondFactor(user.id(), sessionId, at));
        return withAccessToken(user, sessionId, now, refreshToken, refreshExpiresAt);
    }

    /**
     * Records that the session proved a second factor at {@code at} (a step-up, an enrolment); sensitive actions ask
     * how fresh it is.
     *
     * @throws DomainException 401 when the session has ended
     */
    public void recordSecondFactor(User user, Optional<String> sessionId, Instant at) {
        if (sessionId.isEmpty() || !refreshTokens.recordSecondFactor(user.id(), sessionId.get(), at)) {
            throw sessionEnded();
        }
    }

    /**
     * Fresh tokens for the session the caller's access token belongs to, carrying the user as it is now; the
     * session's previous refresh token stops working. A session that is gone or revoked is refused, never
     * replaced by a new one.
     */
    public Session renew(User user, Optional<String> sessionId) {
        Instant now = clock.instant();
        String refreshToken = OpaqueToken.generate();
        Instant refreshExpiresAt = sessionId.flatMap(sid -> refreshTokens.reissue(user.id(), sid,
                OpaqueToken.hash(refreshToken), now, now.plus(settings.refreshTokenTtl())))
                .orElseThrow(Sessions::sessionEnded);
        return withAccessToken(user, sessionId.get(), now, refreshToken, refreshExpiresAt);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static DomainException sessionEnded() {
        return new DomainException(Failure.UNAUTHENTICATED, "session-revoked",
                "this session has ended (signed out, password changed or account deleted); please log in again");
    }

    /** Signs the user out everywhere but in the given session (password change). */
    public void endAllOtherSessions(User user, Optional<String> keepSessionId) {
        refreshTokens.revokeAllFamilies(user.id(), keepSessionId);
    }

    /** Signs the user out everywhere (a role taken away). */
    public void endAllSessions(User user) {
        refreshTokens.revokeAllFamilies(user.id(), Optional.empty());
    }

    public Session refresh(String refreshToken) {
        Instant now = clock.instant();
        StoredRefreshToken current = refreshTokens.find(OpaqueToken.hash(requireToken(refreshToken)))
                .orElseThrow(Sessions::invalidRefreshToken);
        if (current.status() == Status.ROTATED) {
            endFamily(current);
            throw new DomainException(Failure.UNAUTHENTICATED, "refresh-token-reused",
                    "this refresh token was already used; every session started from the same login is now"
                            + " signed out, please log in again");
        }
        if (!now.isBefore(current.expiresAt())) {
            throw invalidRefreshToken();
        }
        if (!now.isBefore(current.sessionEndsAt())) {
            throw new DomainException(Failure.UNAUTHENTICATED, "session-expired",
                    "this session has reached its maximum lifetime; please log in again");
        }
        User user = users.findById(current.userId()).orElseThrow(Sessions::invalidRefreshToken);
        String next = OpaqueToken.generate();
        // Refreshing never carries a session past the absolute end set at login.
        Instant nextExpiresAt = earliest(now.plus(settings.refreshTokenTtl()), current.sessionEndsAt());
        if (!refreshTokens.rotate(current, OpaqueToken.hash(next), nextExpiresAt)) {
            // Another request presented the same token first: treat it as reuse.
            endFamily(current);
            throw invalidRefreshToken();
        }
        return withAccessToken(user, current.familyId(), now, next, nextExpiresAt);
    }

    /** Ends the session the refresh token belongs to. Unknown or already ended tokens are fine. */
    public void end(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return;
        }
        refreshTokens.find(OpaqueToken.hash(refreshToken)).ifPresent(this::endFamily);
    }

    /** Ends one session, and so what it opened (its live connections): a logout, or a refresh token reused. */
    private void endFamily(StoredRefreshToken token) {
        refreshTokens.revokeFamily(token.userId(), token.familyId());
        announcements.announce(new PlatformEvent.SessionEnded(token.userId(), token.familyId()));
    }

    private Session withAccessToken(User user, String sessionId, Instant now, String refreshToken,
                                    Instant refreshExpiresAt) {
        AccessTokens.IssuedAccessToken access = accessTokens.issue(user, sessionId, now);
        return new Session(user, sessionId, access.token(), access.expiresAt(), refreshToken, refreshExpiresAt);
    }

    private static String requireToken(String refreshToken) {
        return Optional.ofNullable(refreshToken).filter(t -> !t.isBlank()).orElseThrow(
                () -> new DomainException(Failure.UNAUTHENTICATED, "refresh-token-missing",
                        "send the refresh token in the body as refresh_token or in the skyport_refresh cookie"));
    }

    private static DomainException invalidRefreshToken() {
        return new DomainException(Failure.UNAUTHENTICATED, "invalid-refresh-token",
                "the refresh token is unknown, expired or revoked; please log in again");
    }
}
