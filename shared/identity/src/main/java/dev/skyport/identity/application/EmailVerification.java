package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/** Sends single-use verification links and redeems them. Made by {@code IdentityFactory} where a {@link Mailer} exists. */
public class EmailVerification {

    private final Users users;
    private final EmailVerifications verifications;
    private final Mailer mailer;
    private final Mailer firstLinkMailer;
    private final IdentityRules settings;
    private final Clock clock;

    /**
     * @param mailer sends links asked for again (resend), within the per-recipient mail limit
     * @param firstLinkMailer sends the one link of a newly created account, which a flood of other mails to the
     *                        same address must not crowd out
     */
    public EmailVerification(Users users, EmailVerifications verifications, Mailer mailer, Mailer firstLinkMailer,
                             IdentityRules settings,
                             Clock clock) {
        this.users = users;
        this.verifications = verifications;
        this.mailer = mailer;
        this.firstLinkMailer = firstLinkMailer;
        this.settings = settings;
        this.clock = clock;
    }

    /** The link of an account that sign-up has just created: at most one per account. */
    void sendFirstLink(User user) {
        sendLink(user, firstLinkMailer);
    }

    private void sendLink(User user, Mailer via) {
        Instant expiresAt = clock.instant().plus(settings.verificationLinkTtl());
        String token = OpaqueToken.generate();
        verifications.save(OpaqueToken.hash(token), user.id(), expiresAt);
        String link = settings.tokenLink("/auth/verify", token);
        via.send(new OutgoingEmail(user.email().value(), "Verify your e-mail address for Skyport",
                """
                Hello %s,

                open this link to verify your e-mail address and activate your Skyport account:

                %s

                The link works once and expires in %d minutes.
                """.formatted(user.username().value(), link, settings.verificationLinkTtl().toMinutes())));
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

    /** Sends a new link if the address belongs to an unverified account; says nothing either way. */
    public void resend(EmailAddress email) {
        users.findByEmail(email).filter(user -> !user.verified()).ifPresent(user -> {
            users.extendVerificationDeadline(user, clock.instant().plus(settings.verificationLinkTtl()));
            sendLink(user, mailer);
        });
    }

    static DomainException notVerified() {
        return new DomainException(Failure.FORBIDDEN, "email-not-verified",
                "verify your e-mail address first: open the link we sent, or ask for a new one at"
                        + " POST /auth/verify/resend");
    }
}
