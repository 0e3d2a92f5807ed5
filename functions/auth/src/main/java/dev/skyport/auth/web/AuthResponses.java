package dev.skyport.auth.web;

import dev.skyport.identity.web.UserView;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
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
    record Verified(String status, UserView user) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Caller(String id, String username, List<String> roles) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record WsTicket(String ticket, Instant expiresAt) {
    }
}
