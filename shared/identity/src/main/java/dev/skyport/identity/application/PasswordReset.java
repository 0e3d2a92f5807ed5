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

/**
 * "Forgot password": a single-use link by mail, and the new password it sets. The request says nothing about whether
 * the address has an account; a reset signs out every session and tells the owner. A Google-only account gets its
 * first password this way. Made by {@code SessionFactory} where a {@link Mailer} and a {@link MailQueue} exist.
 */
public class PasswordReset {

    /** Longer than any token {@link OpaqueToken#generate()} makes; longer ones are not looked up. */
    private static final int MAX_TOKEN_LENGTH = 128;

    private final Users users;
    private final PasswordResets resets;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final PasswordLogin passwordLogin;
    private final MailQueue mailQueue;
    private final Mailer noticeMailer;
    private final Announcements announcements;
    private final Clock clock;

    /**
     * @param mailQueue    where reset links are asked for; {@link MailWork} makes and mails them
     * @param noticeMailer tells the owner the password was changed; only a used link sends it, so it is not limited
     */
    public PasswordReset(Users users, PasswordResets resets, PasswordHasher hasher, Sessions sessions,
                         PasswordLogin passwordLogin, MailQueue mailQueue, Mailer noticeMailer,
                         Announcements announcements, Clock clock) {
        this.announcements = announcements;
        this.users = users;
        this.resets = resets;
        this.hasher = hasher;
        this.sessions = sessions;
        this.passwordLogin = passwordLogin;
        this.mailQueue = mailQueue;
        this.noticeMailer = noticeMailer;
        this.clock = clock;
    }

    /**
     * Asks for a reset link for the address, which {@link MailWork} mails if it belongs to a verified account. Says
     * nothing either way, and does the same work either way: the address is not even looked up here, so the answer
     * takes as long for an address with an account as for one without.
     */
    public void requestReset(EmailAddress email) {
        mailQueue.enqueue(MailRequest.ResetLinkAsked.of(email));
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
