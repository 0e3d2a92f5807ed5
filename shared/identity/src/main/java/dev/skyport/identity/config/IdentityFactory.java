package dev.skyport.identity.config;

import dev.skyport.identity.application.EmailVerification;
import dev.skyport.identity.application.EmailVerifications;
import dev.skyport.identity.application.IdentitySettings;
import dev.skyport.identity.application.LoginThrottle;
import dev.skyport.identity.application.MailLimits;
import dev.skyport.identity.application.PasswordHasher;
import dev.skyport.identity.application.PendingEventRelay;
import dev.skyport.identity.application.RequestCounters;
import dev.skyport.identity.application.SignUp;
import dev.skyport.identity.application.Users;
import dev.skyport.kernel.EventPublisher;
import dev.skyport.mail.Mailer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The identity context's wiring: its settings, and the use cases that need a port not every identity function has
 * (e-mail in auth, events in accounts). Those that start or end sessions are in {@link SessionFactory}.
 */
@Factory
public class IdentityFactory {

    @Singleton
    IdentitySettings identitySettings(IdentityProperties properties, AdministratorSettings administrators) {
        return new IdentitySettings(
                properties.publicBaseUrl(),
                administrators.addresses(),
                properties.verificationLinkTtl(),
                properties.accessTokenTtl(),
                properties.refreshTokenTtl(),
                properties.sessionMaxLifetime(),
                properties.lockoutThreshold(),
                properties.lockoutWindow(),
                properties.wsTicketTtl());
    }

    @Singleton
    LoginThrottle loginThrottle(IdentityProperties properties) {
        return new LoginThrottle(properties.addressFailureThreshold(), properties.lockoutThreshold(),
                properties.accountFailureThreshold(), properties.lockoutWindow(), Duration.ofSeconds(1),
                properties.maxLoginDelay());
    }

    @Singleton
    @Requires(beans = Mailer.class)
    MailLimits mailLimits(RequestCounters counters, IdentityProperties properties, Clock clock) {
        return new MailLimits(counters, new MailLimits.Settings(properties.mailRequestsPerClientAddress(),
                properties.mailsPerRecipient(), properties.mailLimitWindow()), clock);
    }

    @Singleton
    @Requires(beans = Mailer.class)
    EmailVerification emailVerification(Users users, EmailVerifications verifications, Mailer mailer,
                                         MailLimits limits, IdentitySettings settings, Clock clock) {
        return new EmailVerification(users, verifications, limits.limiting(mailer), mailer, settings, clock);
    }

    @Singleton
    @Requires(beans = Mailer.class)
    SignUp signUp(Users users, PasswordHasher hasher, EmailVerification verification, Mailer mailer,
                  MailLimits limits, IdentitySettings settings, Clock clock) {
        return new SignUp(users, hasher, verification, limits.limiting(mailer), settings, clock);
    }

    @Singleton
    @Requires(beans = EventPublisher.class)
    PendingEventRelay pendingEventRelay(Users users, EventPublisher events) {
        return new PendingEventRelay(users, events);
    }
}
