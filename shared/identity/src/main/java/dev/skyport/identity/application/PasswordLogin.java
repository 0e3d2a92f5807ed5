package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.User;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Logs in with e-mail or username and password. Failures are counted per client address, per account and
 * address, and per account (or per typed login when no account matches, so that the answers are the same either
 * way); past a count's threshold each further attempt must wait a doubling delay ({@link LoginThrottle}).
 */
public class PasswordLogin {

    private final Users users;
    private final PasswordHasher hasher;
    private final LoginAttempts attempts;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final SecondStep secondStep;
    private final Clock clock;

    public PasswordLogin(Users users, PasswordHasher hasher, LoginAttempts attempts, LoginThrottle throttle,
                         Sessions sessions, SecondStep secondStep, Clock clock) {
        this.secondStep = secondStep;
        this.users = users;
        this.hasher = hasher;
        this.attempts = attempts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * Logs in a person without two-factor sign-in (scripts and tests of the first step); a person with it is refused
     * here with 401 {@code mfa-required}: their sign-in goes through {@link #signIn}.
     */
    public Session login(String login, PlainPassword password, String clientAddress) {
        return switch (signIn(login, password, clientAddress)) {
            case SignIn.Started started -> started.session();
            case SignIn.SecondStepNeeded ignored -> throw new DomainException(Failure.UNAUTHENTICATED,
                    "mfa-required", "this account signs in with a second factor: complete POST /auth/login/mfa");
        };
    }

    /**
     * The first sign-in step: the session, or for a person with two-factor sign-in on a challenge for the second
     * step. Then the failures of the pair (account, address) are not forgotten yet, nor the address remembered as
     * the owner's: that waits for the second step, so a stolen password does not buy fresh guesses at codes.
     *
     * @param clientAddress where the attempt comes from, as the platform saw the connection (never a header)
     */
    public SignIn signIn(String login, PlainPassword password, String clientAddress) {
        if (login == null || login.isBlank()) {
            throw DomainException.invalid("invalid-login", "login (e-mail or username) is required");
        }
        if (login.length() > EmailAddress.MAX_LENGTH) {
            // Longer than any e-mail or username: no account has it, and it never becomes a counter key.
            throw DomainException.invalid("invalid-login",
                    "login (e-mail or username) is at most " + EmailAddress.MAX_LENGTH + " characters");
        }
        Optional<User> user = find(login.strip());
        String accountKey = user.map(PasswordLogin::accountKey)
                .orElse("LOGIN#" + login.strip().toLowerCase(Locale.ROOT));
        Instant now = clock.instant();
        List<LoginThrottle.Counter> counters = throttle.counters(accountKey, clientAddress);
        refuseWhileSignInThrottled(counters, user.isPresent(), accountKey, clientAddress, now);

        boolean matches = user.flatMap(User::passwordHash).map(hash -> hasher.matches(password, hash)).orElseGet(() -> {
            hasher.spendVerificationTime(password);
            return false;
        });
        if (!matches) {
            counters.forEach(counter -> attempts.recordFailure(counter.key(), now, throttle.window()));
            throw new DomainException(Failure.UNAUTHENTICATED, "invalid-credentials",
                    "the login or the password is wrong");
        }
        if (!user.get().verified()) {
            throw EmailVerification.notVerified();
        }
        return secondStep.startOrChallenge(user.get(), () -> {
            signedIn(user.get(), clientAddress);
            return sessions.start(user.get());
        });
    }

    /**
     * Before a sign-in's second step is checked: refused while the same counters as a password's ask to wait (the
     * per-account brake sparing an address the owner signed in from, as for passwords).
     */
    public void refuseSecondStepWhileThrottled(User user, String clientAddress) {
        String accountKey = accountKey(user);
        refuseWhileSignInThrottled(throttle.counters(accountKey, clientAddress), true, accountKey, clientAddress,
                clock.instant());
    }

    /** A wrong code or recovery code at a sign-in's second step counts as a wrong password does. */
    public void secondStepFailed(User user, String clientAddress) {
        Instant now = clock.instant();
        throttle.counters(accountKey(user), clientAddress)
                .forEach(counter -> attempts.recordFailure(counter.key(), now, throttle.window()));
    }

    /**
     * A sign-in completed (every step): the pair's failures are forgotten and the address is remembered as the
     * owner's. The address counter stays: succeeding on one's own account must not buy more guesses at others; and
     * so does the account's (the evidence of many addresses failing ends with its window, not with a success).
     */
    public void signedIn(User user, String clientAddress) {
        String accountKey = accountKey(user);
        attempts.reset(throttle.counters(accountKey, clientAddress).get(1).key());
        attempts.rememberSignIn(accountKey, clientAddress, clock.instant(), LoginThrottle.KNOWN_ADDRESS_KEPT);
    }

    private void refuseWhileSignInThrottled(List<LoginThrottle.Counter> counters, boolean known, String accountKey,
                                            String clientAddress, Instant now) {
        Duration wait = longestWait(counters.subList(0, 2), now);
        Duration accountWait = longestWait(counters.subList(2, 3), now);
        // The per-account brake (many addresses failing) does not stand in the way of an address the owner signed
        // in from before; asked only while that brake is on, so other logins cost no extra read.
        if (accountWait.compareTo(wait) > 0 && !(known && attempts.signedInFrom(accountKey, clientAddress, now))) {
            wait = accountWait;
        }
        refuseFor(wait);
    }

    /**
     * Checks the password of a signed-in user (password change, account deletion). Wrong ones are counted apart
     * from logins, so a stolen access token cannot be used to slow the owner's logins.
     */
    public boolean checkPassword(User user, PlainPassword password) {
        return checkSignedIn(user, () -> user.passwordHash().map(hash -> hasher.matches(password, hash))
                .orElse(false));
    }

    /**
     * Checks a proof a signed-in person gives (a password, a second-factor code), counted like
     * {@link #checkPassword}: wrong ones slow further proofs of that account, apart from its logins.
     */
    public boolean checkSignedIn(User user, java.util.function.BooleanSupplier proof) {
        LoginThrottle.Counter counter = new LoginThrottle.Counter("SIGNEDIN#" + accountKey(user),
                throttle.pairThreshold());
        Instant now = clock.instant();
        refuseWhileThrottled(List.of(counter), now);
        boolean matches = proof.getAsBoolean();
        if (matches) {
            attempts.reset(counter.key());
        } else {
            attempts.recordFailure(counter.key(), now, throttle.window());
        }
        return matches;
    }

    /**
     * Forgets the failed logins of a user (password reset, account deletion); address counters expire on their own.
     */
    public void forget(User user) {
        attempts.reset(accountKey(user));
        attempts.reset("SIGNEDIN#" + accountKey(user));
    }

    /** Forgets everything kept of the user's logins, the addresses they signed in from too (account deletion). */
    public void forgetAll(User user) {
        forget(user);
        attempts.forgetSignIns(accountKey(user));
    }

    private static String accountKey(User user) {
        return "USER#" + user.id().value();
    }

    /** Refuses the attempt, before any password is checked, while any of its counters asks it to wait. */
    private void refuseWhileThrottled(List<LoginThrottle.Counter> counters, Instant now) {
        refuseFor(longestWait(counters, now));
    }

    /** The longest wait any of the counters asks for (zero: none). */
    private Duration longestWait(List<LoginThrottle.Counter> counters, Instant now) {
        Duration wait = Duration.ZERO;
        for (LoginThrottle.Counter counter : counters) {
            Optional<Duration> needed = attempts.currentWindow(counter.key(), now, throttle.window())
                    .flatMap(window -> throttle.waitFor(counter, window, now));
            if (needed.isPresent() && needed.get().compareTo(wait) > 0) {
                wait = needed.get();
            }
        }
        return wait;
    }

    private static void refuseFor(Duration wait) {
        if (!wait.isZero()) {
            throw new DomainException(Failure.RATE_LIMITED, "too-many-login-attempts",
                    "too many failed logins; try again in " + Math.max(1, (wait.toMillis() + 999) / 1000)
                            + " seconds", wait);
        }
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
