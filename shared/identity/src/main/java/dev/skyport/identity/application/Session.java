package dev.skyport.identity.application;

import dev.skyport.identity.domain.User;
import java.time.Instant;

/**
 * What a successful login or refresh hands to the person: a short access token and a refresh token.
 * {@code sessionId} names the refresh-token family of one login; the access token carries it as {@code sid}.
 */
public record Session(User user, String sessionId, String accessToken, Instant accessExpiresAt, String refreshToken,
                      Instant refreshExpiresAt) {

    @Override
    public String toString() {
        return "Session[user=" + user.id() + ", sessionId=" + sessionId + ", accessExpiresAt=" + accessExpiresAt + "]";
    }
}
