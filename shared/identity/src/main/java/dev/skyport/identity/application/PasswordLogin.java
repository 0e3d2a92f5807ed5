package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.User;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Logs in with e-mail or username and password. Failures are counted per account (or per typed login when no
 * account matches, so that the answers are the same either way); past the threshold, attempts are refused with
 * a retry time until the window ends.
 */
@Singleton
public class PasswordLogin {

    private final Users users;
    private final PasswordHasher hasher;
    private final LoginAttempts attempts;
    private final Sessions sessions;
    private final IdentitySettings settings;
    private final Clock clock;

    public PasswordLogin(Users users, PasswordHasher hasher, LoginAttempts attempts, Sessions sessions,
                         IdentitySettings settings, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.attempts = attempts;
        this.sessions = sessions;
        this.settings = settings;
        this.clock = clock;
    }

    public Session login(String login, PlainPassword password) {
        if (login == null || login.isBlank()) {
            throw DomainException.invalid("invalid-login", "login (e-mail or username) is required");
        }
        Optional<User> user = find(login.strip());
        String accountKey = user.map(PasswordLogin::accountKey)
                .orElse("LOGIN#" + login.strip().toLowerCase(Locale.ROOT));
        Instant now = clock.instant();
        refuseWhileLocked(accountKey, now);

        boolean matches = user.flatMap(User::passwordHash).map(hash -> hasher.matches(password, hash)).orElseGet(() -> {
            hasher.spendVerificationTime(password);
            return false;
        });
        if (!matches) {
            attempts.recordFailure(accountKey, now, settings.lockoutWindow());
            throw new DomainException(Failure.UNAUTHENTICATED, "invalid-credentials",
                    "the login or the password is wrong");
        }
        attempts.reset(accountKey);
        if (!user.get().verified()) {
            throw EmailVerification.notVerified();
        }
        return sessions.start(user.get());
    }

    /** Checks a password of a known user, counting a wrong one towards that user's lockout. */
    public boolean checkPassword(User user, PlainPassword password) {
        String accountKey = accountKey(user);
        Instant now = clock.instant();
        refuseWhileLocked(accountKey, now);
        boolean matches = user.passwordHash().map(hash -> hasher.matches(password, hash)).orElse(false);
        if (matches) {
            attempts.reset(accountKey);
        } else {
            attempts.recordFailure(accountKey, now, settings.lockoutWindow());
        }
        return matches;
    }

    /** Forgets the failed logins of a user (account deletion). */
    public void forget(User user) {
        attempts.reset(accountKey(user));
    }

    private static String accountKey(User user) {
        return "USER#" + user.id().value();
    }

    private void refuseWhileLocked(String accountKey, Instant now) {
        attempts.currentWindow(accountKey, now, settings.lockoutWindow())
                .filter(window -> window.failures() >= settings.lockoutThreshold())
                .ifPresent(window -> {
                    Duration retryAfter = Duration.between(now, window.endsAt());
                    throw new DomainException(Failure.RATE_LIMITED, "too-many-login-attempts",
                            "too many failed logins; try again in " + Math.max(1, retryAfter.toSeconds())
                                    + " seconds", retryAfter);
                });
    }

    private Optional<User> find(String login) {
        try {
            return login.contains("@") ? users.findByEmail(new EmailAddress(login))
                    : users.findByUsername(new Username(login));
        } catch (DomainException malformed) {
            return Optional.empty();
        }
    }
}
