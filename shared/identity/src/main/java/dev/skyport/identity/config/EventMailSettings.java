package dev.skyport.identity.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code skyport.identity.event-mail.*}: the mails about events (a failed run, an expiry, ...).
 *
 * @param perRecipient how many such mails one address gets per {@code window} at most; more are not sent
 * @param window       the window of that count
 * @param consolePath  where the console is under the public base URL, for links to its pages
 * @param channelSender the unique id of the channel delivery function's IAM role ({@code AROA...}; CDK sets it):
 *                     the only sender whose messages on the event-mail queue may be {@code channel.disabled}, and
 *                     which may queue nothing else. Unset, no {@code channel.disabled} message is taken.
 */
@ConfigurationProperties(EventMailSettings.PREFIX)
public record EventMailSettings(@Bindable(defaultValue = "30") int perRecipient,
                                @Bindable(defaultValue = "1h") Duration window,
                                @Bindable(defaultValue = "/console") String consolePath,
                                @Nullable String channelSender) {

    public static final String PREFIX = "skyport.identity.event-mail";
    public static final String CHANNEL_SENDER = PREFIX + ".channel-sender";

    public EventMailSettings {
        if (perRecipient < 1) {
            throw new IllegalArgumentException(PREFIX + ".per-recipient must be at least 1, not " + perRecipient);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".window must be a positive duration, not " + window);
        }
        channelSender = channelSender == null || channelSender.isBlank() ? null : channelSender.strip();
        if (!consolePath.startsWith("/") || consolePath.endsWith("/")) {
            throw new IllegalArgumentException(PREFIX + ".console-path must start and not end with '/', not "
                    + consolePath);
        }
    }
}
