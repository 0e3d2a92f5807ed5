package dev.skyport.auth.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** The JSON bodies the auth routes accept. Every field may be missing: the use cases say what is required. */
final class AuthRequests {

    private AuthRequests() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record SignUpRequest(@Nullable String email, @Nullable String username, @Nullable String password) {
        @Override
        public String toString() {
            return "SignUpRequest[email=" + email + ", username=" + username + "]";
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record VerifyRequest(@Nullable String token) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ResendRequest(@Nullable String email) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record LoginRequest(@Nullable String login, @Nullable String password) {
        @Override
        public String toString() {
            return "LoginRequest[login=" + login + "]";
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record RefreshRequest(@Nullable String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[****]";
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record GoogleRequest(@Nullable String idToken) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ForgotPasswordRequest(@Nullable String email) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ResetPasswordRequest(@Nullable String token, @Nullable String newPassword) {
        @Override
        public String toString() {
            return "ResetPasswordRequest[****]";
        }
    }
}
