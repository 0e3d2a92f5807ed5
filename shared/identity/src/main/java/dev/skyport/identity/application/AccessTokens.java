package dev.skyport.identity.application;

import dev.skyport.identity.domain.User;
import java.time.Instant;

/**
 * Issues the short-lived signed access token (a JWT) for a user's session. Implemented with micronaut-security-jwt,
 * so it exists in the HTTP functions only; the services that need it (sessions, password login and reset, Google
 * sign-in, user administration, account management) require it, so the event functions, which use identity for WebSocket tickets
 * only and leave micronaut-security-jwt out of their jars, have none of them.
 */
public interface AccessTokens {

    IssuedAccessToken issue(User user, String sessionId, Instant now);

    record IssuedAccessToken(String token, Instant expiresAt) {
    }
}
