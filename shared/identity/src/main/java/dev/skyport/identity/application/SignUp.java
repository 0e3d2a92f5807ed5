package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.UserId;
import dev.skyport.identity.domain.Username;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Creates an unverified account and asks for its verification link. An e-mail address that already belongs to an
 * account gets the same answer as a new one (no account enumeration): its owner is told by e-mail instead. Both paths
 * hash the password and enqueue exactly one {@link MailRequest}; the mail itself is {@link MailWork}'s, off the request
 * path, so the two answers take about as long (what remains is a username read against the account's create).
 * Made by {@code IdentityFactory} where a {@link MailQueue} exists.
 */
public class SignUp {

    private final Users users;
    private final PasswordHasher hasher;
    private final MailQueue mailQueue;
    private final IdentityRules settings;
    private final Clock clock;

    public SignUp(Users users, PasswordHasher hasher, MailQueue mailQueue, IdentityRules settings, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.mailQueue = mailQueue;
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
            // Hashed for nothing but time: without it this answer would come back an Argon2id hash sooner.
            hasher.hash(password);
            mailQueue.enqueue(MailRequest.SignUpAttempted.of(email));
            return;
        }
        User user = new User(UserId.generate(), email, username, Optional.of(hasher.hash(password)),
                Optional.empty(), Set.of(Role.USER), false, now,
                Optional.of(now.plus(settings.verificationLinkTtl())));
        try {
            users.create(user, existing);
        } catch (EmailTakenException raceLost) {
            mailQueue.enqueue(MailRequest.SignUpAttempted.of(email));
            return;
        }
        mailQueue.enqueue(MailRequest.FirstVerificationLink.of(user.id()));
    }
}
