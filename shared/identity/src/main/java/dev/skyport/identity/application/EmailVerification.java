package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.OpaqueToken;
import java.time.Clock;
import java.util.Set;

/**
 * Asks for single-use verification links ({@link MailWork} sends them) and redeems them. Made by
 * {@code IdentityFactory} where a {@link MailQueue} exists.
 */
public class EmailVerification {

    private final Users users;
    private final EmailVerifications verifications;
    private final MailQueue mailQueue;
    private final IdentityRules settings;
    private final Clock clock;

    /** @param mailQueue where links are asked for; {@link MailWork} makes and mails them */
    public EmailVerification(Users users, EmailVerifications verifications, MailQueue mailQueue,
                             IdentityRules settings, Clock clock) {
        this.users = users;
        this.verifications = verifications;
        this.mailQueue = mailQueue;
        this.settings = settings;
        this.clock = clock;
    }

    public User verify(String token) {
        if (token == null || token.isBlank()) {
            throw DomainException.invalid("invalid-verification-token", "token is required");
        }
        EmailVerifications.PendingVerification pending = verifications.consume(OpaqueToken.hash(token))
                .orElseThrow(() -> DomainException.invalid("invalid-verification-token",
                        "this verification link is unknown or was already used"));
        if (!clock.instant().isBefore(pending.expiresAt())) {
            throw DomainException.invalid("verification-link-expired",
                    "this verification link has expired; ask for a new one at POST /auth/verify/resend");
        }
        User user = users.findById(pending.userId()).orElseThrow(() -> DomainException.invalid(
                "invalid-verification-token", "this verification link belongs to no account"));
        if (user.verified()) {
            return user;
        }
        Set<Role> roles = settings.rolesOnceVerified(user);
        users.markVerified(user, roles);
        return user.verifiedNow().withRoles(roles);
    }

    /**
     * Asks for a new link for the address, which {@link MailWork} mails if it belongs to an unverified account. Says
     * nothing either way and does the same work either way (the address is not looked up here).
     */
    public void resend(EmailAddress email) {
        mailQueue.enqueue(MailRequest.VerificationLinkAsked.of(email));
    }

    static DomainException notVerified() {
        return new DomainException(Failure.FORBIDDEN, "email-not-verified",
                "verify your e-mail address first: open the link we sent, or ask for a new one at"
                        + " POST /auth/verify/resend");
    }
}
