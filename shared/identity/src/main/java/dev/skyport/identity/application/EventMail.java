package dev.skyport.identity.application;

import dev.skyport.identity.application.EventMailRules.EventMessage;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.mail.Mailer;
import dev.skyport.mail.OutgoingEmail;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails a person about a platform event of a kind they have on ({@link EventMailRules}, {@link MailPreferences}):
 * at most once per event, however often it is delivered (SNS and SQS deliver at least once), because the event's id
 * is claimed first ({@link MailClaims}, as {@link MailWork} claims its requests); a failed attempt releases the claim
 * for the next delivery. Only a verified address gets mail, and no more than the per-recipient limit of event mails
 * (apart from the limit of anonymous requests' mails: a flood of "forgot password" cannot crowd out a failure).
 */
public class EventMail {

    private static final Logger LOG = LoggerFactory.getLogger(EventMail.class);

    private final MailPreferences preferences;
    private final MailClaims claims;
    private final Mailer limitedMailer;
    private final Settings settings;
    private final Clock clock;

    /** @param limitedMailer sends within the per-recipient limit of event mails */
    public EventMail(MailPreferences preferences, MailClaims claims, Mailer limitedMailer, Settings settings,
                     Clock clock) {
        this.preferences = preferences;
        this.claims = claims;
        this.limitedMailer = limitedMailer;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Sends the event's mail once. Throws {@link HeldElsewhere} when another
     * worker is on it (deliver again later); any other failure releases the claim and is thrown on.
     */
    public Outcome on(DomainEvent event) {
        Optional<EventMessage> message = EventMailRules.of(event, settings.consoleBase());
        if (message.isEmpty()) {
            return Outcome.NOT_MAILED;
        }
        Optional<MailPreferences.Recipient> recipient = preferences.recipient(new UserId(event.subject()));
        if (recipient.isEmpty() || !recipient.get().user().verified()) {
            return Outcome.NO_RECIPIENT;
        }
        if (!recipient.get().preferences().wants(message.get().kind())) {
            return Outcome.TURNED_OFF;
        }
        UUID claim = claimOf(event);
        switch (claims.claim(claim, clock.instant(), settings.lease())) {
            case ALREADY_DONE -> {
                return Outcome.DUPLICATE;
            }
            case HELD_ELSEWHERE -> throw new HeldElsewhere(event);
            case TAKEN -> {
                // claimed: send below
            }
        }
        try {
            limitedMailer.send(new OutgoingEmail(recipient.get().user().email().value(), message.get().subject(),
                    "Hello " + recipient.get().user().username().value() + ",\n\n" + message.get().text()
                            + "\n--\nYou get this because e-mail for \"" + message.get().kind() + "\" is on for"
                            + " your Skyport account. Turn it off in the console (" + settings.consoleBase()
                            + "/account) or with PUT /me/notifications/email.\n"));
        } catch (RuntimeException failed) {
            claims.release(claim);
            throw failed;
        }
        try {
            claims.done(claim, clock.instant());
        } catch (RuntimeException notMarked) {
            // sent: throwing would have it delivered again, and sent again once the lease is over
            LOG.warn("mail for event {} sent but not marked so: {}", event.id(), notMarked.getClass().getSimpleName());
        }
        return Outcome.SENT;
    }

    /** The claim of an event's mail: derived from the event id, apart from every mail request's random id. */
    static UUID claimOf(DomainEvent event) {
        return UUID.nameUUIDFromBytes(("event-mail:" + event.id()).getBytes(StandardCharsets.UTF_8));
    }

    public enum Outcome {
        /** Sent (or dropped past the per-recipient limit) by this call. */
        SENT,
        /** Sent before for this event: nothing sent again. */
        DUPLICATE,
        /** The person turned this kind of mail off. */
        TURNED_OFF,
        /** No such person, or their address is not verified. */
        NO_RECIPIENT,
        /** The event makes no mail. */
        NOT_MAILED
    }

    /**
     * @param lease       how long a claim keeps other workers off an event's mail
     * @param consoleBase where the console's pages are, for links (no trailing slash)
     */
    public record Settings(Duration lease, String consoleBase) {
    }

    /** Another worker is on this event's mail now: deliver it again later. */
    public static final class HeldElsewhere extends RuntimeException {

        HeldElsewhere(DomainEvent event) {
            super("the mail for event " + event.id() + " is being sent elsewhere", null, false, false);
        }
    }
}
