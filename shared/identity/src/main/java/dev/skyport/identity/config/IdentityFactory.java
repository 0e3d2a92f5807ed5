package dev.skyport.identity.config;

import dev.skyport.identity.application.AccessTokens;
import dev.skyport.identity.application.AccountManagement;
import dev.skyport.identity.application.EmailVerification;
import dev.skyport.identity.application.EmailVerifications;
import dev.skyport.identity.application.GoogleIdTokens;
import dev.skyport.identity.application.GoogleSignIn;
import dev.skyport.identity.application.IdentitySettings;
import dev.skyport.identity.application.LoginAttempts;
import dev.skyport.identity.application.LoginThrottle;
import dev.skyport.identity.application.MailLimits;
import dev.skyport.identity.application.PasswordHasher;
import dev.skyport.identity.application.PasswordLogin;
import dev.skyport.identity.application.PasswordReset;
import dev.skyport.identity.application.PasswordResets;
import dev.skyport.identity.application.PendingEventRelay;
import dev.skyport.identity.application.RefreshTokens;
import dev.skyport.identity.application.RequestCounters;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.application.SignUp;
import dev.skyport.identity.application.UserAdministration;
import dev.skyport.identity.application.Users;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DependentResources;
import dev.skyport.kernel.EventPublisher;
import dev.skyport.mail.Mailer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The identity context's wiring: its settings, and the use cases that need a port not every identity function has
 * (e-mail in auth, events in accounts).
 */
@Factory
public class IdentityFactory {

    @Singleton
    IdentitySettings identitySettings(IdentityProperties properties,
                                      @Value("${skyport.admin-emails:}") String adminEmails) {
        return new IdentitySettings(
                properties.getPublicBaseUrl(),
                // Comma-separated e-mails that become ADMIN (SKYPORT_ADMIN_EMAILS).
                Arrays.stream(adminEmails.split(","))
                        .map(String::strip).filter(s -> !s.isEmpty())
                        .map(EmailAddress::new)
                        .collect(Collectors.toSet()),
                properties.getVerificationLinkTtl(),
                properties.getAccessTokenTtl(),
                properties.getRefreshTokenTtl(),
                properties.getSessionMaxLifetime(),
                properties.getLockoutThreshold(),
                properties.getLockoutWindow(),
                properties.getWsTicketTtl());
    }

    @Singleton
    LoginThrottle loginThrottle(IdentityProperties properties) {
        return new LoginThrottle(properties.getAddressFailureThreshold(), properties.getLockoutThreshold(),
                properties.getAccountFailureThreshold(), properties.getLockoutWindow(), Duration.ofSeconds(1),
                properties.getMaxLoginDelay());
    }

    @Singleton
    @Requires(beans = Mailer.class)
    MailLimits mailLimits(RequestCounters counters, IdentityProperties properties, Clock clock) {
        return new MailLimits(counters, new MailLimits.Settings(properties.getMailRequestsPerClientAddress(),
                properties.getMailsPerRecipient(), properties.getMailLimitWindow()), clock);
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

    // Where access tokens can be issued (the HTTP functions), not in the event functions, which use identity for
    // WebSocket tickets only and leave micronaut-security-jwt out of their jars
    @Singleton
    @Requires(beans = AccessTokens.class)
    Sessions sessions(Users users, RefreshTokens refreshTokens, AccessTokens accessTokens, IdentitySettings settings,
                      Clock clock) {
        return new Sessions(users, refreshTokens, accessTokens, settings, clock);
    }

    @Singleton
    @Requires(beans = AccessTokens.class)
    PasswordLogin passwordLogin(Users users, PasswordHasher hasher, LoginAttempts attempts, LoginThrottle throttle,
                                Sessions sessions, Clock clock) {
        return new PasswordLogin(users, hasher, attempts, throttle, sessions, clock);
    }

    @Singleton
    @Requires(beans = AccessTokens.class)
    UserAdministration userAdministration(Users users, Sessions sessions) {
        return new UserAdministration(users, sessions);
    }

    @Singleton
    @Requires(beans = {Mailer.class, AccessTokens.class})
    PasswordReset passwordReset(Users users, PasswordResets resets, PasswordHasher hasher, Sessions sessions,
                                PasswordLogin passwordLogin, Mailer mailer, MailLimits limits,
                                IdentitySettings settings, IdentityProperties properties, Announcements announcements,
                                Clock clock) {
        return new PasswordReset(users, resets, hasher, sessions, passwordLogin, limits.limiting(mailer), mailer,
                settings, properties.getPasswordResetLinkTtl(), announcements, clock);
    }

    @Singleton
    @Requires(beans = {Mailer.class, AccessTokens.class, GoogleIdTokens.class})
    GoogleSignIn googleSignIn(GoogleIdTokens idTokens, Users users, IdentitySettings settings, Sessions sessions,
                              Mailer mailer, Announcements announcements, Clock clock) {
        return new GoogleSignIn(idTokens, users, settings, sessions, mailer, announcements, clock);
    }

    @Singleton
    @Requires(beans = EventPublisher.class)
    PendingEventRelay pendingEventRelay(Users users, EventPublisher events) {
        return new PendingEventRelay(users, events);
    }

    @Singleton
    @Requires(beans = {EventPublisher.class, AccessTokens.class, GoogleIdTokens.class})
    AccountManagement accountManagement(Users users, PasswordHasher hasher, PasswordLogin passwordLogin,
                                        GoogleIdTokens googleIdTokens, Sessions sessions, EventPublisher events,
                                        List<DependentResources> dependents, Clock clock) {
        return new AccountManagement(users, hasher, passwordLogin, googleIdTokens, sessions, events, dependents,
                clock);
    }
}
