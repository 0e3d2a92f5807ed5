package dev.skyport.platform.config;

import dev.skyport.identity.application.AccountManagement;
import dev.skyport.identity.application.GoogleIdTokens;
import dev.skyport.identity.application.PasswordHasher;
import dev.skyport.identity.application.PasswordLogin;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.application.Users;
import dev.skyport.kernel.EventPublisher;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Use cases that need a port not every function has. */
@Factory
public class IdentityFactory {

    @Singleton
    @Requires(beans = EventPublisher.class)
    AccountManagement accountManagement(Users users, PasswordHasher hasher, PasswordLogin passwordLogin,
                                        GoogleIdTokens googleIdTokens, Sessions sessions, EventPublisher events,
                                        Clock clock) {
        return new AccountManagement(users, hasher, passwordLogin, googleIdTokens, sessions, events, clock);
    }
}
