package dev.skyport.identity.config;

import dev.skyport.identity.application.EmailVerification;
import dev.skyport.identity.application.EmailVerifications;
import dev.skyport.identity.application.EventMail;
import dev.skyport.identity.application.EventMailPreferences;
import dev.skyport.identity.application.MailPreferences;
import dev.skyport.identity.application.IdentityRules;
import dev.skyport.identity.application.LoginThrottle;
import dev.skyport.identity.application.MailClaims;
import dev.skyport.identity.application.MailLimits;
import dev.skyport.identity.application.MailQueue;
import dev.skyport.identity.application.MailWork;
import dev.skyport.identity.application.PasswordHasher;
import dev.skyport.identity.application.PasswordResets;
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
    IdentityRules identityRules(IdentitySettings settings, AdministratorSettings administrators) {
        return new IdentityRules(
                settings.publicBaseUrl(),
                administrators.addresses(),
                settings.verificationLinkTtl(),
                settings.accessTokenTtl(),
                settings.refreshTokenTtl(),
                settings.sessionMaxLifetime(),
                settings.lockoutThreshold(),
                settings.lockoutWindow(),
                settings.wsTicketTtl());
    }

    @Singleton
    LoginThrottle loginThrottle(IdentitySettings settings) {
        return new LoginThrottle(settings.addressFailureThreshold(), settings.lockoutThreshold(),
                settings.accountFailureThreshold(), settings.lockoutWindow(), Duration.ofSeconds(1),
                settings.maxLoginDelay());
    }

    @Singleton
    @Requires(beans = Mailer.class)
    MailLimits mailLimits(RequestCounters counters, IdentitySettings settings, Clock clock) {
        return new MailLimits(counters, new MailLimits.Settings(settings.mailRequestsPerClientAddress(),
                settings.mailsPerRecipient(), settings.mailLimitWindow()), clock);
    }

    @Singleton
    @Requires(beans = MailQueue.class)
    EmailVerification emailVerification(Users users, EmailVerifications verifications, MailQueue mailQueue,
                                         IdentityRules rules, Clock clock) {
        return new EmailVerification(users, verifications, mailQueue, rules, clock);
    }

    @Singleton
    @Requires(beans = MailQueue.class)
    SignUp signUp(Users users, PasswordHasher hasher, MailQueue mailQueue, IdentityRules rules, Clock clock) {
        return new SignUp(users, hasher, mailQueue, rules, clock);
    }

    /** The consumer of the mail queue: where mail is sent (the mail-work Lambda in AWS, the local platform). */
    @Singleton
    @Requires(beans = Mailer.class)
    MailWork mailWork(Users users, EmailVerifications verifications, PasswordResets resets, MailClaims claims,
                      Mailer mailer, MailLimits limits, IdentityRules rules, IdentitySettings settings,
                      MailWorkSettings work, Clock clock) {
        return new MailWork(users, verifications, resets, claims, limits.limiting(mailer), mailer, rules,
                new MailWork.Settings(work.lease(), settings.passwordResetLinkTtl()), clock);
    }

    @Singleton
    @Requires(beans = Mailer.class)
    EventMail eventMail(MailPreferences preferences, MailClaims claims, Mailer mailer, MailLimits limits,
                        IdentitySettings settings, MailWorkSettings work, EventMailSettings eventMail, Clock clock) {
        String base = settings.publicBaseUrl().toString().replaceAll("/+$", "");
        return new EventMail(preferences, claims, limits.limitingEventMail(mailer, eventMail.perRecipient(),
                eventMail.window()), new EventMail.Settings(work.lease(), base + eventMail.consolePath()), clock);
    }

    @Singleton
    EventMailPreferences eventMailPreferences(MailPreferences preferences) {
        return new EventMailPreferences(preferences);
    }

    @Singleton
    @Requires(beans = EventPublisher.class)
    PendingEventRelay pendingEventRelay(Users users, EventPublisher events) {
        return new PendingEventRelay(users, events);
    }
}
