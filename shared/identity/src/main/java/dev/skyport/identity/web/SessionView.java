package dev.skyport.identity.web;

import dev.skyport.identity.application.Session;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Duration;
import java.time.Instant;

/** The JSON body that carries a session: tokens, their lifetimes, the CSRF token and the user. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SessionView(String tokenType, String accessToken, long expiresIn, String refreshToken,
                          long refreshExpiresIn, String csrfToken, UserView user) {

    static SessionView of(Session session, String csrfToken, Instant now) {
        return new SessionView("Bearer", session.accessToken(),
                Duration.between(now, session.accessExpiresAt()).toSeconds(), session.refreshToken(),
                Duration.between(now, session.refreshExpiresAt()).toSeconds(), csrfToken,
                UserView.of(session.user()));
    }

    @Override
    public String toString() {
        return "SessionView[user=" + user.id() + "]";
    }
}
