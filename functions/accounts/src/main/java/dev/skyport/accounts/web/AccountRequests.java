package dev.skyport.accounts.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** The JSON bodies the accounts routes accept. Missing fields are reported by the use cases. */
final class AccountRequests {

    private AccountRequests() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record UsernameChange(@Nullable String username) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record PasswordChange(@Nullable String currentPassword, @Nullable String newPassword,
                          @Nullable String googleIdToken) {
        @Override
        public String toString() {
            return "PasswordChange[****]";
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record DeletionProof(@Nullable String password, @Nullable String googleIdToken) {
        @Override
        public String toString() {
            return "DeletionProof[****]";
        }
    }

    /** Which events are mailed: each named kind on ({@code true}) or off; a kind not named is on. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record EmailPreferencesChoice(@Nullable java.util.Map<String, Boolean> kinds) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record RolesChange(@Nullable List<String> roles) {
    }
}
