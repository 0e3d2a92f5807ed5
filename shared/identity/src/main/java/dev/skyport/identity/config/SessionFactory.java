package dev.skyport.identity.config;

import dev.skyport.identity.application.AccessTokens;
import dev.skyport.identity.application.AccountManagement;
import dev.skyport.identity.application.GoogleIdTokens;
import dev.skyport.identity.application.GoogleSignIn;
import dev.skyport.identity.application.IdentityRules;
import dev.skyport.identity.application.LoginAttempts;
import dev.skyport.identity.application.LoginThrottle;
import dev.skyport.identity.application.MailQueue;
import dev.skyport.identity.application.PasswordHasher;
import dev.skyport.identity.application.PasswordLogin;
import dev.skyport.identity.application.PasswordReset;
import dev.skyport.identity.application.PasswordResets;
import dev.skyport.identity.application.RefreshTokens;
import dev.skyport.identity.application.SecondFactorKeys;
import dev.skyport.identity.application.SecondStep;
import dev.skyport.identity.application.SignInChallenges;
import dev.skyport.identity.application.TotpEnrolments;
import dev.skyport.identity.application.TwoFactor;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.application.UserAdministration;
import dev.skyport.identity.application.Users;
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DependentResources;
import dev.skyport.kernel.EventPublisher;
import dev.skyport.mail.Mailer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The identity use cases that start or end sessions, and so issue access tokens: only where an {@link AccessTokens}
 * is, the HTTP functions with micronaut-security-jwt. The event functions use identity for WebSocket tickets only
 * and leave micronaut-security-jwt out of their jars; the one requirement here keeps all of these out of them.
 */
@Factory
@Requires(beans = AccessTokens.class)
public class SessionFactory {

    @Singleton
    Sessions sessions(Users users, RefreshTokens refreshTokens, AccessTokens accessTokens, IdentityRules rules,
                      Announcements announcements, Clock clock) {
        return new Sessions(users, refreshTokens, accessTokens, rules, announcements, clock);
    }

    @Singleton
    SecondStep secondStep(SignInChallenges challenges, Clock clock) {
        return new SecondStep(challenges, clock);
    }

    @Singleton
    PasswordLogin passwordLogin(Users users, PasswordHasher hasher, LoginAttempts attempts, LoginThrottle throttle,
                                Sessions sessions, SecondStep secondStep, Clock clock) {
        return new PasswordLogin(users, hasher, attempts, throttle, sessions, secondStep, clock);
    }

    /** Two-factor sign-in: where its key is (the auth function) and mail can be sent. */
    @Singleton
    @Requires(beans = {Mailer.class, SecondFactorKeys.class})
    TwoFactor twoFactor(Users users, TotpEnrolments enrolments, SecondFactorKeys keys, SignInChallenges challenges,
                        PasswordLogin passwordLogin, GoogleIdTokens googleIdTokens, Sessions sessions, Mailer mailer,
                        Announcements announcements, Clock clock) {
        return new TwoFactor(users, enrolments, keys, challenges, passwordLogin, googleIdTokens, sessions, mailer,
                announcements, clock);
    }

    @Singleton
    UserAdministration userAdministration(Users users, Sessions sessions) {
        return new UserAdministration(users, sessions);
    }

    @Singleton
    @Requires(beans = {Mailer.class, MailQueue.class})
    PasswordReset passwordReset(Users users, PasswordResets resets, PasswordHasher hasher, Sessions sessions,
                                PasswordLogin passwordLogin, MailQueue mailQueue, Mailer mailer,
                                Announcements announcements, Clock clock) {
        return new PasswordReset(users, resets, hasher, sessions, passwordLogin, mailQueue, mailer, announcements,
                clock);
    }

    @Singleton
    @Requires(beans = Mailer.class)
    GoogleSignIn googleSignIn(GoogleIdTokens idTokens, Users users, IdentityRules rules, Sessions sessions,
                              Mailer mailer, Announcements announcements, Clock clock) {
        return new GoogleSignIn(idTokens, users, rules, sessions, mailer, announcements, clock);
    }

    @Singleton
    @Requires(beans = EventPublisher.class)
    AccountManagement accountManagement(Users users, PasswordHasher hasher, PasswordLogin passwordLogin,
                                        GoogleIdTokens googleIdTokens, Sessions sessions, EventPublisher events,
                                        List<DependentResources> dependents, Clock clock) {
        return new AccountManagement(users, hasher, passwordLogin, googleIdTokens, sessions, events, dependents,
                clock);
    }
}
