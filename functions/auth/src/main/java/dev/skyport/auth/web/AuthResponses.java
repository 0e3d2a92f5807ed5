package dev.skyport.auth.web;

import dev.skyport.identity.application.Session;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The JSON bodies the auth routes answer with. */
final class AuthResponses {

    private AuthResponses() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Accepted(String status, String detail) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record UserView(String id, String email, String username, List<String> roles, boolean verified) {
        static UserView of(User user) {
            return new UserView(user.id().value(), user.email().value(), user.username().value(),
                    user.roles().stream().map(Role::name).sorted().toList(), user.verified());
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Verified(String status, UserView user) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record SessionView(String tokenType, String accessToken, long expiresIn, String refreshToken,
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

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Caller(String id, String username, List<String> roles) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record WsTicket(String ticket, Instant expiresAt) {
    }
}
