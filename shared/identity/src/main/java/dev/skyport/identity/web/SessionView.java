package dev.skyport.identity.web;

import dev.skyport.identity.application.Session;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON body that carries a session: tokens, their lifetimes, the CSRF token and the user. Answering a page's
 * script, the tokens are left out (null, so absent): that session lives in HttpOnly cookies ({@link SessionCookies}).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SessionView(@Nullable String tokenType, @Nullable String accessToken, long expiresIn,
                          @Nullable String refreshToken, long refreshExpiresIn, String csrfToken, UserView user) {

    static SessionView of(Session session, String csrfToken, Instant now, boolean withTokens) {
        return new SessionView(withTokens ? "Bearer" : null, withTokens ? session.accessToken() : null,
                Duration.between(now, session.accessExpiresAt()).toSeconds(),
                withTokens ? session.refreshToken() : null,
                Duration.between(now, session.refreshExpiresAt()).toSeconds(), csrfToken,
                UserView.of(session.user()));
    }

    @Override
    public String toString() {
        return "SessionView[user=" + user.id() + "]";
    }
}
