package dev.skyport.identity.application;

import dev.skyport.identity.application.MailRequest.FirstVerificationLink;
import dev.skyport.identity.application.MailRequest.ResetLinkAsked;
import dev.skyport.identity.application.MailRequest.SignUpAttempted;
import dev.skyport.identity.application.MailRequest.VerificationLinkAsked;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.User;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail work of sign-up, resend and "forgot password", done off the request path (the {@link MailQueue}'s
 * consumer): it looks the address up, makes and saves the single-use token and sends the mail, within the
 * per-recipient limit. Each request is claimed first ({@link MailClaims}), so a duplicate delivery sends nothing and a
 * failed attempt is released for the next delivery.
 */
public class MailWork {

    private static final Logger LOG = LoggerFactory.getLogger(MailWork.class);

    private final Users users;
    private final EmailVerifications verifications;
    private final PasswordResets resets;
    private final MailClaims claims;
    private final Mailer limitedMailer;
    private final Mailer firstLinkMailer;
    private final IdentityRules rules;
    private final Settings settings;
    private final Clock clock;

    /**
     * @param limitedMailer   sends what anyone can ask for (links again, reset links, sign-up attempts), within the
     *                        per-recipient mail limit
     * @param firstLinkMailer sends the one link of a newly created account, which a flood of other mails to the
     *                        same address must not crowd out
     */
    public MailWork(Users users, EmailVerifications verifications, PasswordResets resets, MailClaims claims,
                    Mailer limitedMailer, Mailer firstLinkMailer, IdentityRules rules, Settings settings,
                    Clock clock) {
        this.users = users;
        this.verifications = verifications;
        this.resets = resets;
        this.claims = claims;
        this.limitedMailer = limitedMailer;
        this.firstLinkMailer = firstLinkMailer;
        this.rules = rules;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Does the request's work once. Throws {@link WorkHeldElsewhere} when another worker holds it (deliver again
     * later); any other failure releases the claim and is thrown on, for the queue to deliver again.
     */
    public Outcome perform(MailRequest request) {
        switch (claims.claim(request.id(), clock.instant(), settings.lease())) {
            case ALREADY_DONE -> {
                return Outcome.DUPLICATE;
            }
            case HELD_ELSEWHERE -> throw new WorkHeldElsewhere(request);
            case TAKEN -> {
                // claimed: do the work below
            }
        }
        try {
            work(request);
        } catch (RuntimeException failed) {
            claims.release(request.id());
            throw failed;
        }
        try {
            claims.done(request.id(), clock.instant());
        } catch (RuntimeException notMarked) {
            // The mail went out: answering done consumes the message, so it is not sent again; the claim ends with
            // its lease. Throwing here would have the queue deliver it again once the lease is over: a second mail.
            LOG.warn("mail request {} done but not marked so: {}", request.id(), notMarked.getClass().getSimpleName());
        }
        return Outcome.DONE;
    }

    private void work(MailRequest request) {
        switch (request) {
            case ResetLinkAsked asked -> mailResetLink(asked.email());
            case VerificationLinkAsked asked -> mailVerificationLinkAgain(asked.email());
            case FirstVerificationLink first -> users.findById(first.userId())
                    .filter(user -> !user.verified())
                    .ifPresent(user -> mailVerificationLink(user, firstLinkMailer));
            case SignUpAttempted attempted -> tellOwnerAboutAttempt(attempted.email());
        }
    }

    /** A reset link if the address belongs to a verified account (an unverified one has no password worth keeping). */
    private void mailResetLink(EmailAddress email) {
        users.findByEmail(email).filter(User::verified).ifPresent(user -> {
            Instant expiresAt = clock.instant().plus(settings.resetLinkTtl());
            String token = OpaqueToken.generate();
            resets.save(OpaqueToken.hash(token), user.id(), expiresAt);
            String link = rules.tokenLink("/auth/password/reset", token);
            limitedMailer.send(new OutgoingEmail(user.email().value(), "Reset your Skyport password",
                    """
                    Hello %s,

                    someone (hopefully you) asked to reset the password of your Skyport account. Open this link to
                    choose a new one:

                    %s

                    The link works once and expires in %d minutes. If you did not ask, ignore this message: your
                    password stays as it is.
                    """.formatted(user.username().value(), link, settings.resetLinkTtl().toMinutes())));
        });
    }

    /** A new link if the address belongs to an unverified account, whose deadline moves with it. */
    private void mailVerificationLinkAgain(EmailAddress email) {
        users.findByEmail(email).filter(user -> !user.verified()).ifPresent(user -> {
            users.extendVerificationDeadline(user, clock.instant().plus(rules.verificationLinkTtl()));
            mailVerificationLink(user, limitedMailer);
        });
    }

    private void mailVerificationLink(User user, Mailer via) {
        Instant expiresAt = clock.instant().plus(rules.verificationLinkTtl());
        String token = OpaqueToken.generate();
        verifications.save(OpaqueToken.hash(token), user.id(), expiresAt);
        String link = rules.tokenLink("/auth/verify", token);
        via.send(new OutgoingEmail(user.email().value(), "Verify your e-mail address for Skyport",
                """
                Hello %s,

                open this link to verify your e-mail address and activate your Skyport account:

                %s

                The link works once and expires in %d minutes.
                """.formatted(user.username().value(), link, rules.verificationLinkTtl().toMinutes())));
    }

    private void tellOwnerAboutAttempt(EmailAddress email) {
        limitedMailer.send(new OutgoingEmail(email.value(), "Someone tried to sign up to Skyport with your address",
                """
                Hello,

                someone tried to create a Skyport account with this e-mail address, which already has one.
                If it was you, log in instead, or use "forgot password" when it exists for your account.
                If it was not you, you can ignore this message: nothing was changed.
                """));
    }

    public enum Outcome {
        /** The work was done by this call. */
        DONE,
        /** The request was done before (a duplicate delivery): nothing was sent. */
        DUPLICATE
    }

    /**
     * @param lease         how long a claim keeps other workers off a request; longer than one attempt can take
     * @param resetLinkTtl  how long a reset link works
     */
    public record Settings(Duration lease, Duration resetLinkTtl) {
    }

    /** Another worker is on this request now: deliver it again later (it is then done, or its lease ran out). */
    public static final class WorkHeldElsewhere extends RuntimeException {

        WorkHeldElsewhere(MailRequest request) {
            super("mail request " + request.id() + " is being worked on elsewhere");
        }
    }
}
