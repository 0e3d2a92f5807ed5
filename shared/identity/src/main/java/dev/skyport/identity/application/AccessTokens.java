package dev.skyport.identity.application;

import dev.skyport.identity.domain.User;
import java.time.Instant;

/** Issues the short-lived signed access token (a JWT) for a user's session. */
public interface AccessTokens {

    IssuedAccessToken issue(User user, String sessionId, Instant now);

    record IssuedAccessToken(String token, Instant expiresAt) {
    }
}
