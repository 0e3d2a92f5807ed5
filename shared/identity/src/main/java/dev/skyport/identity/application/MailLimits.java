package dev.skyport.identity.application;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.mail.Mailer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Keeps Skyport from being used to mail-bomb an address. Anonymous requests that send mail (sign-up, resend,
 * password reset) are limited per client address, answered 429 past the limit. Mails to one recipient are limited
 * too, silently: the answer stays the same (no account enumeration), and a victim whose address someone floods can
 * still sign up; the link comes with the next request once the window has passed.
 */
public class MailLimits {

    private final RequestCounters counters;
    private final Settings settings;
    private final Clock clock;

    public MailLimits(RequestCounters counters, Settings settings, Clock clock) {
        this.counters = counters;
        this.settings = settings;
        this.clock = clock;
    }

    /** Counts a mail-sending request from a client address; refuses it past the limit. */
    public void admitRequestFrom(String clientAddress) {
        Instant now = clock.instant();
        RequestCounters.Count count = counters.increment("MAILREQ#" + clientAddress, now, settings.window());
        if (count.value() > settings.requestsPerClientAddress()) {
            Duration retryAfter = Duration.between(now, count.windowEndsAt());
            throw new DomainException(Failure.RATE_LIMITED, "too-many-mail-requests",
                    "too many requests that send e-mail from your address; try again in "
                            + Math.max(1, retryAfter.toSeconds()) + " seconds", retryAfter);
        }
    }

    /** The given mailer, sending at most the allowed number of mails to each recipient per window. */
    public Mailer limiting(Mailer mailer) {
        return email -> {
            // Keyed by a hash: the counter outlives a deleted account and must not keep its address.
            String recipient = "MAILTO#" + OpaqueToken.hash(email.to().strip().toLowerCase(Locale.ROOT));
            if (counters.increment(recipient, clock.instant(), settings.window()).value()
                    <= settings.mailsPerRecipient()) {
                mailer.send(email);
            }
        };
    }

    /**
     * The given mailer, sending at most {@code perRecipient} mails about events to each recipient per
     * {@code window}: a budget of its own, so that mails someone else can ask for do not use it up.
     */
    public Mailer limitingEventMail(Mailer mailer, int perRecipient, Duration window) {
        return email -> {
            String recipient = "EVENTMAILTO#" + OpaqueToken.hash(email.to().strip().toLowerCase(Locale.ROOT));
            if (counters.increment(recipient, clock.instant(), window).value() <= perRecipient) {
                mailer.send(email);
            }
        };
    }

    /** @param window how long counts last, from a key's first request */
    public record Settings(int requestsPerClientAddress, int mailsPerRecipient, Duration window) {
    }
}
