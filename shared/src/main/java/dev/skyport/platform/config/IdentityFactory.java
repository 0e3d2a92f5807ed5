package dev.skyport.platform.config;

import dev.skyport.identity.application.AccountManagement;
import dev.skyport.identity.application.EmailVerification;
import dev.skyport.identity.application.EmailVerifications;
import dev.skyport.identity.application.IdentitySettings;
import dev.skyport.identity.application.SignUp;
import dev.skyport.identity.application.GoogleIdTokens;
import dev.skyport.identity.application.PasswordHasher;
import dev.skyport.identity.application.PasswordLogin;
import dev.skyport.identity.application.PendingEventRelay;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.application.Users;
import dev.skyport.kernel.EventPublisher;
import dev.skyport.mail.Mailer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Use cases that need a port not every function has: e-mail (auth) or events (accounts). */
@Factory
public class IdentityFactory {

    @Singleton
    @Requires(beans = Mailer.class)
    EmailVerification emailVerification(Users users, EmailVerifications verifications, Mailer mailer,
                                         IdentitySettings settings, Clock clock) {
        return new EmailVerification(users, verifications, mailer, settings, clock);
    }

    @Singleton
    @Requires(beans = Mailer.class)
    SignUp signUp(Users users, PasswordHasher hasher, EmailVerification verification, Mailer mailer,
                  IdentitySettings settings, Clock clock) {
        return new SignUp(users, hasher, verification, mailer, settings, clock);
    }

    @Singleton
    @Requires(beans = EventPublisher.class)
    PendingEventRelay pendingEventRelay(Users users, EventPublisher events) {
        return new PendingEventRelay(users, events);
    }

    @Singleton
    @Requires(beans = EventPublisher.class)
    AccountManagement accountManagement(Users users, PasswordHasher hasher, PasswordLogin passwordLogin,
                                        GoogleIdTokens googleIdTokens, Sessions sessions, EventPublisher events,
                                        Clock clock) {
        return new AccountManagement(users, hasher, passwordLogin, googleIdTokens, sessions, events, clock);
    }
}
