package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.UserId;
import dev.skyport.identity.domain.Username;
import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Creates an unverified account and sends its verification link. An e-mail address that already belongs to
 * an account gets the same answer as a new one (no account enumeration): its owner is told by e-mail instead.
 * Made by {@code IdentityFactory} where a {@link Mailer} exists.
 */
public class SignUp {

    private final Users users;
    private final PasswordHasher hasher;
    private final EmailVerification verification;
    private final Mailer mailer;
    private final IdentityRules settings;
    private final Clock clock;

    public SignUp(Users users, PasswordHasher hasher, EmailVerification verification, Mailer mailer,
                  IdentityRules settings, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.verification = verification;
        this.mailer = mailer;
        this.settings = settings;
        this.clock = clock;
    }

    public void signUp(EmailAddress email, Username username, PlainPassword password) {
        Instant now = clock.instant();
        Optional<User> existing = users.findByEmail(email);
        if (existing.isPresent() && !existing.get().isAbandonedSignUp(now)) {
            // The username still has to be valid and free, or the answer would tell the e-mail exists.
            users.findByUsername(username).filter(u -> !u.id().equals(existing.get().id())).ifPresent(u -> {
                throw new UsernameTakenException(username.value());
            });
            tellOwnerAboutAttempt(email);
            return;
        }
        User user = new User(UserId.generate(), email, username, Optional.of(hasher.hash(password)),
                Optional.empty(), Set.of(Role.USER), false, now,
                Optional.of(now.plus(settings.verificationLinkTtl())));
        try {
            users.create(user, existing);
        } catch (EmailTakenException raceLost) {
            tellOwnerAboutAttempt(email);
            return;
        }
        verification.sendFirstLink(user);
    }

    private void tellOwnerAboutAttempt(EmailAddress email) {
        mailer.send(new OutgoingEmail(email.value(), "Someone tried to sign up to Skyport with your address",
                """
                Hello,

                someone tried to create a Skyport account with this e-mail address, which already has one.
                If it was you, log in instead, or use "forgot password" when it exists for your account.
                If it was not you, you can ignore this message: nothing was changed.
                """));
    }
}
