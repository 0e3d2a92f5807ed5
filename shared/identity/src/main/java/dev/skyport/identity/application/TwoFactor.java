package dev.skyport.identity.application;

import dev.skyport.identity.application.GoogleIdTokens.GoogleIdentity;
import dev.skyport.identity.application.TotpEnrolments.TotpEnrolment;
import dev.skyport.identity.domain.Base32;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.Totp;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.PlatformEvent.SecondFactorChanged.Change;
import dev.skyport.kernel.UserId;
import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two-factor sign-in with TOTP (RFC 6238): enrolment and its confirmation, the second step of a sign-in, a step-up
 * for sensitive actions, turning it off, new recovery codes, and an admin's reset.
 * <ul>
 * <li>The secret is sealed under a key the table does not hold ({@link SecondFactorKeys}); it is shown once, at
 * enrolment, and never logged or audited.</li>
 * <li>A code works once: using it records its time step with a conditional write, and only a later step is accepted
 * after it (so of two requests with one code, one wins). One step of skew either side.</li>
 * <li>Recovery codes (ten, shown once) are stored as keyed hashes and used up with a conditional write. They are about 59
 * random bits each, not chosen by a person: a slow hash (Argon2id) would add nothing a guess could feel, while a keyed
 * hash lets one conditional write find and use up the very code (a salted slow hash cannot be looked up), and the
 * table alone does not let anyone test guesses offline (the key is not in it).</li>
 * <li>Wrong codes count towards the login throttle as wrong passwords do ({@link PasswordLogin}): at sign-in its
 * counters, when signed in its signed-in counter.</li>
 * <li>Every change is mailed, announced ({@link PlatformEvent.SecondFactorChanged}: a notification, and the person's
 * connections close) and audited (the routes are writes); the person's other sessions end.</li>
 * </ul>
 */
public class TwoFactor {

    private static final Logger LOG = LoggerFactory.getLogger(TwoFactor.class);

    public static final int RECOVERY_CODES = 10;
    /** How long an enrolment may wait for its confirming code. */
    static final Duration PENDING_TTL = Duration.ofHours(1);
    static final Duration FRESH_GOOGLE_TOKEN = Duration.ofMinutes(5);
    private static final String ISSUER = "Skyport";
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int RECOVERY_GROUPS = 3;
    private static final int RECOVERY_GROUP_LENGTH = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Users users;
    private final TotpEnrolments enrolments;
    private final SecondFactorKeys keys;
    private final SignInChallenges challenges;
    private final PasswordLogin passwordLogin;
    private final GoogleIdTokens googleIdTokens;
    private final Sessions sessions;
    private final Mailer mailer;
    private final Announcements announcements;
    private final Clock clock;

    public TwoFactor(Users users, TotpEnrolments enrolments, SecondFactorKeys keys, SignInChallenges challenges,
                     PasswordLogin passwordLogin, GoogleIdTokens googleIdTokens, Sessions sessions, Mailer mailer,
                     Announcements announcements, Clock clock) {
        this.users = users;
        this.enrolments = enrolments;
        this.keys = keys;
        this.challenges = challenges;
        this.passwordLogin = passwordLogin;
        this.googleIdTokens = googleIdTokens;
        this.sessions = sessions;
        this.mailer = mailer;
        this.announcements = announcements;
        this.clock = clock;
    }

    /** A new secret to add to an authenticator app; shown once, here. */
    public record Enrolment(String secret, String otpauthUri, Instant confirmBy) {
        @Override
        public String toString() {
            return "Enrolment[****]";
        }
    }

    /** Two-factor sign-in turned on: the recovery codes (shown once, here) and the session's renewed tokens. */
    public record Enabled(List<String> recoveryCodes, Session session) {
        @Override
        public String toString() {
            return "Enabled[" + session + "]";
        }
    }

    /** What a signed-in person proves a change of the second factor with: the password (or Google) and a code. */
    public record Proof(Optional<String> password, Optional<String> googleIdToken, Optional<String> code,
                        Optional<String> recoveryCode) {
        @Override
        public String toString() {
            return "Proof[****]";
        }
    }

    public Enrolment enrol(UserId id) {
        User user = account(id);
        if (enrolments.find(id).map(TotpEnrolment::on).orElse(false)) {
            throw alreadyOn();
        }
        byte[] secret = Totp.newSecret();
        Instant now = clock.instant();
        if (!enrolments.savePending(id, keys.seal(secret, context(id)), now, now.plus(PENDING_TTL))) {
            throw alreadyOn();
        }
        return new Enrolment(Base32.encode(secret), Totp.uri(ISSUER, user.email().value(), secret),
                now.plus(PENDING_TTL));
    }

    /**
     * Turns two-factor sign-in on with the first code from the app: the person's other sessions end, this one's
     * tokens are renewed (they now say two-factor sign-in is on) and counts as having just proved its second factor.
     */
    public Enabled confirm(UserId id, String code, Optional<String> sessionId) {
        User user = account(id);
        Instant now = clock.instant();
        TotpEnrolment pending = enrolments.find(id).orElseThrow(TwoFactor::notStarted);
        if (pending.on()) {
            throw alreadyOn();
        }
        if (pending.pendingUntil().map(until -> !now.isBefore(until)).orElse(true)) {
            throw notStarted();
        }
        requireCodeFormat(code);
        byte[] secret = keys.open(pending.sealedSecret(), context(id));
        OptionalLong[] step = {OptionalLong.empty()};
        if (!passwordLogin.checkSignedIn(user, () -> {
            step[0] = Totp.matchingStep(secret, code, now);
            return step[0].isPresent();
        })) {
            throw wrongCode();
        }
        List<String> codes = newRecoveryCodes();
        if (!enrolments.activate(id, pending.sealedSecret(), step[0].getAsLong(), hashes(codes), now)) {
            throw new DomainException(Failure.CONFLICT, "mfa-changed-meanwhile",
                    "the enrolment changed meanwhile (confirmed or started again elsewhere); read your account");
        }
        User enabled = user.withSecondFactor(true);
        sessions.endAllOtherSessions(enabled, sessionId);
        sessions.recordSecondFactor(enabled, sessionId, now);
        Session renewed = sessions.renew(enabled, sessionId);
        tell(enabled, Change.ENABLED, "Two-factor sign-in is on for your Skyport account",
                "signing in now needs a code from your authenticator app as well as your password (or Google).\n"
                        + "Keep your recovery codes somewhere safe: each signs you in once if you lose the app.\n"
                        + "Your other sessions were signed out.");
        return new Enabled(codes, renewed);
    }

    /**
     * The second step of a sign-in: the challenge of the first with a current code or an unused recovery code.
     * Each failure counts towards the login throttle; a challenge takes {@value SecondStep#MAX_ATTEMPTS} tries at
     * most and is used up by the one that succeeds.
     */
    public Session completeSignIn(String challenge, Optional<String> code, Optional<String> recoveryCode,
                                  String clientAddress) {
        if (challenge == null || challenge.isBlank() || challenge.length() > 100) {
            throw DomainException.invalid("invalid-challenge", "challenge (from the first sign-in step) is required");
        }
        requireOneFactor(code, recoveryCode);
        Instant now = clock.instant();
        String challengeHash = OpaqueToken.hash(challenge);
        User user = challenges.attempt(challengeHash, now, SecondStep.MAX_ATTEMPTS).flatMap(users::findById)
                .orElseThrow(TwoFactor::challengeGone);
        passwordLogin.refuseSecondStepWhileThrottled(user, clientAddress);
        if (!verify(user, code, recoveryCode, now)) {
            passwordLogin.secondStepFailed(user, clientAddress);
            throw new DomainException(Failure.UNAUTHENTICATED, "invalid-mfa-code",
                    "the code is wrong, expired or already used; try the current one");
        }
        if (!challenges.consume(challengeHash)) {
            throw challengeGone();
        }
        passwordLogin.signedIn(user, clientAddress);
        recoveryCode.ifPresent(used -> recoveryCodeUsed(user));
        return sessions.start(user, Optional.of(now));
    }

    /** Proves a second factor again in this session, for the sensitive actions of the next 15 minutes. */
    public Instant stepUp(UserId id, Optional<String> sessionId, Optional<String> code, Optional<String> recoveryCode) {
        User user = account(id);
        requireOn(id);
        requireOneFactor(code, recoveryCode);
        Instant now = clock.instant();
        if (!passwordLogin.checkSignedIn(user, () -> verify(user, code, recoveryCode, now))) {
            throw wrongCode();
        }
        sessions.recordSecondFactor(user, sessionId, now);
        recoveryCode.ifPresent(used -> recoveryCodeUsed(user));
        return now;
    }

    /** Turns two-factor sign-in off, with the password and a code; this session's tokens are renewed. */
    public Session disable(UserId id, Proof proof, Optional<String> sessionId) {
        User user = account(id);
        requireOn(id);
        prove(user, proof);
        if (!enrolments.remove(id)) {
            throw notOn();
        }
        User disabled = user.withSecondFactor(false);
        sessions.endAllOtherSessions(disabled, sessionId);
        Session renewed = sessions.renew(disabled, sessionId);
        tell(disabled, Change.DISABLED, "Two-factor sign-in is off for your Skyport account",
                "signing in needs only your password (or Google) now. Your other sessions were signed out.");
        return renewed;
    }

    /** New recovery codes (the old ones stop working), with the password and a code; shown once, here. */
    public List<String> regenerateRecoveryCodes(UserId id, Proof proof, Optional<String> sessionId) {
        User user = account(id);
        requireOn(id);
        prove(user, proof);
        List<String> codes = newRecoveryCodes();
        if (!enrolments.replaceRecoveryCodes(id, hashes(codes))) {
            throw notOn();
        }
        sessions.endAllOtherSessions(user, sessionId);
        tell(user, Change.RECOVERY_CODES_REGENERATED, "New recovery codes for your Skyport account",
                "new recovery codes were made; the earlier ones no longer work. Your other sessions were signed out.");
        return codes;
    }

    /**
     * An administrator turns a person's two-factor sign-in off (a lost phone and lost recovery codes): every session
     * of the person ends; the person is mailed and notified. 404 for an unknown person, 409 when it is not on.
     */
    public void reset(UserId target) {
        User user = users.findById(target).orElseThrow(() -> new DomainException(Failure.NOT_FOUND, "user-not-found",
                "no such user"));
        if (!enrolments.remove(target)) {
            throw notOn();
        }
        User reset = user.withSecondFactor(false);
        sessions.endAllSessions(reset);
        tell(reset, Change.RESET_BY_ADMIN, "Two-factor sign-in was reset on your Skyport account",
                "an administrator turned your two-factor sign-in off and signed out every session. Sign in with your"
                        + " password (or Google) and turn it on again from your account page.");
    }

    private void recoveryCodeUsed(User user) {
        int left = enrolments.find(user.id()).map(TotpEnrolment::recoveryCodesLeft).orElse(0);
        tell(user, Change.RECOVERY_CODE_USED, "A recovery code was used on your Skyport account",
                "one of your recovery codes was used to sign in; it works no more. " + left + " are left."
                        + (left <= 3 ? " Make new ones from your account page." : ""));
    }

    /** Whether the code (or recovery code) is good, using it up if so. */
    private boolean verify(User user, Optional<String> code, Optional<String> recoveryCode, Instant now) {
        Optional<TotpEnrolment> enrolment = enrolments.find(user.id()).filter(TotpEnrolment::on);
        if (enrolment.isEmpty()) {
            return false;
        }
        if (code.isPresent()) {
            String sealed = enrolment.get().sealedSecret();
            byte[] secret = keys.open(sealed, context(user.id()));
            OptionalLong step = Totp.matchingStep(secret, code.get(), now);
            boolean used = step.isPresent() && step.getAsLong() > enrolment.get().lastUsedStep()
                    && enrolments.useStep(user.id(), step.getAsLong());
            if (used && !keys.sealedUnderCurrentKey(sealed)) {
                // Sealed before the key's rotation: sealed again under the current key (a loser of a race changes
                // nothing), so that the earlier key can be retired once nobody's secret needs it.
                try {
                    enrolments.reseal(user.id(), sealed, keys.seal(secret, context(user.id())));
                } catch (RuntimeException e) {
                    // the code is used up and good: the sign-in goes on, and the next code seals it again
                    LOG.warn("sealing a second factor again under the current key failed ({})",
                            e.getClass().getSimpleName());
                }
            }
            return used;
        }
        String normalized = normalizeRecoveryCode(recoveryCode.orElseThrow());
        return !normalized.isEmpty() && keys.recoveryCodeHashes(normalized).stream()
                .anyMatch(hash -> enrolments.useRecoveryCode(user.id(), hash));
    }

    /** The password (or, for a Google-only account, a fresh Google ID token) and a current code or recovery code. */
    private void prove(User user, Proof proof) {
        requireOneFactor(proof.code(), proof.recoveryCode());
        if (user.passwordHash().isPresent()) {
            String password = proof.password().orElseThrow(() -> DomainException.invalid("password-required",
                    "password is required to change two-factor sign-in"));
            if (!passwordLogin.checkPassword(user, new PlainPassword(password))) {
                throw new DomainException(Failure.FORBIDDEN, "wrong-password", "the password is wrong");
            }
        } else {
            GoogleIdentity identity = googleIdTokens.verify(proof.googleIdToken().orElseThrow(() ->
                    DomainException.invalid("google-proof-required",
                            "this account has no password: send a fresh google_id_token")));
            if (!user.googleSubject().map(identity.subject()::equals).orElse(false)
                    || identity.issuedAt().isBefore(clock.instant().minus(FRESH_GOOGLE_TOKEN))) {
                throw new DomainException(Failure.FORBIDDEN, "google-proof-rejected",
                        "sign in with Google again: the ID token must be yours and at most 5 minutes old");
            }
        }
        Instant now = clock.instant();
        if (!passwordLogin.checkSignedIn(user, () -> verify(user, proof.code(), proof.recoveryCode(), now))) {
            throw wrongCode();
        }
    }

    private void tell(User user, Change change, String subject, String body) {
        announcements.announce(new PlatformEvent.SecondFactorChanged(user.id(), change));
        mailer.send(new OutgoingEmail(user.email().value(), subject, """
                Hello %s,

                %s

                If this was not you, reset your password now and tell your Skyport administrator.
                """.formatted(user.username().value(), body)));
    }

    private User account(UserId id) {
        return users.findById(id).orElseThrow(() -> new DomainException(Failure.UNAUTHENTICATED, "account-gone",
                "the account of this token no longer exists"));
    }

    private void requireOn(UserId id) {
        if (!enrolments.find(id).map(TotpEnrolment::on).orElse(false)) {
            throw notOn();
        }
    }

    private static void requireOneFactor(Optional<String> code, Optional<String> recoveryCode) {
        if (code.isPresent() == recoveryCode.isPresent()) {
            throw DomainException.invalid("code-required",
                    "send either code (6 digits from the authenticator app) or recovery_code");
        }
        code.ifPresent(TwoFactor::requireCodeFormat);
        recoveryCode.ifPresent(recovery -> {
            if (recovery.length() > 40) {
                throw DomainException.invalid("invalid-recovery-code", "recovery_code is at most 40 characters");
            }
        });
    }

    private static void requireCodeFormat(String code) {
        if (code == null || !code.replace(" ", "").matches("[0-9]{" + Totp.DIGITS + "}")) {
            throw DomainException.invalid("invalid-code", "code must be the " + Totp.DIGITS
                    + " digits the authenticator app shows");
        }
    }

    private List<String> hashes(List<String> codes) {
        return codes.stream().map(code -> keys.recoveryCodeHash(normalizeRecoveryCode(code))).toList();
    }

    /** Ten codes of 12 characters (about 59 bits), grouped as {@code abcd-efgh-jkmn}, from an alphabet without 0/o, 1/l/i. */
    static List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder();
            for (int group = 0; group < RECOVERY_GROUPS; group++) {
                if (group > 0) {
                    code.append('-');
                }
                for (int c = 0; c < RECOVERY_GROUP_LENGTH; c++) {
                    code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
                }
            }
            codes.add(code.toString());
        }
        return List.copyOf(codes);
    }

    /** As typed: case, spaces and dashes do not matter. */
    static String normalizeRecoveryCode(String typed) {
        return typed.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "");
    }

    private static String context(UserId id) {
        return "totp:" + id.value();
    }

    private static DomainException alreadyOn() {
        return new DomainException(Failure.CONFLICT, "mfa-already-on",
                "two-factor sign-in is already on; turn it off first (DELETE /me/mfa/totp) to enrol another app");
    }

    private static DomainException notOn() {
        return new DomainException(Failure.CONFLICT, "mfa-not-on", "two-factor sign-in is not on for this account");
    }

    private static DomainException notStarted() {
        return new DomainException(Failure.CONFLICT, "mfa-not-started",
                "no enrolment is waiting for its code (none started, or it is over an hour old): POST /me/mfa/totp");
    }

    private static DomainException wrongCode() {
        return new DomainException(Failure.FORBIDDEN, "invalid-mfa-code",
                "the code is wrong, expired or already used; try the current one");
    }

    private static DomainException challengeGone() {
        return new DomainException(Failure.UNAUTHENTICATED, "invalid-mfa-challenge",
                "this sign-in challenge is unknown, expired, used or tried too often; sign in again");
    }
}
