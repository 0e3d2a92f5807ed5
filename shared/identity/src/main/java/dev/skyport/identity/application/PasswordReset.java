package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * "Forgot password": a single-use link by mail, and the new password it sets. The request says nothing about whether
 * the address has an account; a reset signs out every session and tells the owner. A Google-only account gets its
 * first password this way. Made by {@code IdentityFactory} where a {@link Mailer} exists.
 */
public class PasswordReset {

    /** Longer than any token {@link OpaqueToken#generate()} makes; longer ones are not looked up. */
    private static final int MAX_TOKEN_LENGTH = 128;

    private final Users users;
    private final PasswordResets resets;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final PasswordLogin passwordLogin;
    private final Mailer linkMailer;
    private final Mailer noticeMailer;
    private final Announcements announcements;
    private final IdentityRules settings;
    private final Duration linkTtl;
    private final Clock clock;

    /**
     * @param linkMailer   sends reset links, within the per-recipient mail limit (anyone can ask for one)
     * @param noticeMailer tells the owner the password was changed; only a used link sends it, so it is not limited
     */
    public PasswordReset(Users users, PasswordResets resets, PasswordHasher hasher, Sessions sessions,
                         PasswordLogin passwordLogin, Mailer linkMailer, Mailer noticeMailer,
                         IdentityRules settings, Duration linkTtl, Announcements announcements, Clock clock) {
        this.announcements = announcements;
        this.users = users;
        this.resets = resets;
        this.hasher = hasher;
        this.sessions = sessions;
        this.passwordLogin = passwordLogin;
        this.linkMailer = linkMailer;
        this.noticeMailer = noticeMailer;
        this.settings = settings;
        this.linkTtl = linkTtl;
        this.clock = clock;
    }

    /**
     * Mails a reset link if the address belongs to a verified account (an unverified one has no password worth
     * keeping: signing up again replaces it once abandoned). Says nothing either way.
     */
    public void requestReset(EmailAddress email) {
        users.findByEmail(email).filter(User::verified).ifPresent(user -> {
            Instant expiresAt = clock.instant().plus(linkTtl);
            String token = OpaqueToken.generate();
            resets.save(OpaqueToken.hash(token), user.id(), expiresAt);
            String link = settings.tokenLink("/auth/password/reset", token);
            linkMailer.send(new OutgoingEmail(user.email().value(), "Reset your Skyport password",
                    """
                    Hello %s,

                    someone (hopefully you) asked to reset the password of your Skyport account. Open this link to
                    choose a new one:

                    %s

                    The link works once and expires in %d minutes. If you did not ask, ignore this message: your
                    password stays as it is.
                    """.formatted(user.username().value(), link, linkTtl.toMinutes())));
        });
    }

    /**
     * Sets the new password with the link's token, once. The password is checked first, so a weak one does not use
     * the link up. Every session of the account ends; the owner gets a notice.
     */
    public void reset(String token, String newPassword) {
        PlainPassword chosen = PlainPassword.chosen(newPassword);
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw invalidToken();
        }
        PasswordResets.PendingReset pending = resets.consume(OpaqueToken.hash(token)).orElseThrow(
                PasswordReset::invalidToken);
        if (!clock.instant().isBefore(pending.expiresAt())) {
            throw DomainException.invalid("reset-link-expired",
                    "this reset link has expired; ask for a new one at POST /auth/password/forgot");
        }
        User user = users.findById(pending.userId()).orElseThrow(PasswordReset::invalidToken);
        users.changePassword(user.id(), hasher.hash(chosen));
        sessions.endAllSessions(user);
        passwordLogin.forget(user);
        announcements.announce(new PlatformEvent.PasswordChanged(user.id(), PlatformEvent.PasswordChanged.How.RESET));
        noticeMailer.send(new OutgoingEmail(user.email().value(), "Your Skyport password was changed",
                """
                Hello %s,

                the password of your Skyport account was just set with a reset link, and every session was
                signed out. If this was not you, reset it again at once and check who can read your mail.
                """.formatted(user.username().value())));
    }

    private static DomainException invalidToken() {
        return DomainException.invalid("invalid-reset-token", "this reset link is unknown or was already used");
    }
}
