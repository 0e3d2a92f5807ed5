package dev.skyport.notifications.domain;

import dev.skyport.kernel.DomainException;
import java.util.Locale;

/**
 * How a channel is spoken to: a webhook gets the event as JSON signed as the Standard Webhooks specification says;
 * a Slack incoming webhook gets a Slack message (its URL is its secret, so it is kept as one).
 */
public enum ChannelType {
    WEBHOOK, SLACK;

    public static ChannelType parse(String text) {
        if (text == null) {
            return WEBHOOK;
        }
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw DomainException.invalid("invalid-type", "type must be webhook or slack");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
