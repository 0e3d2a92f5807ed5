package dev.skyport.notifications.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code skyport.channels.owner-mail.*}: where the channel delivery tells owners by e-mail.
 *
 * @param queueUrl identity's event-mail queue (in AWS {@code SKYPORT_CHANNELS_OWNER_MAIL_QUEUE_URL}, set by the CDK
 *                 app for the delivery function only); empty where no mail is sent this way
 */
@ConfigurationProperties(OwnerMailSettings.PREFIX)
public record OwnerMailSettings(@Bindable(defaultValue = "") String queueUrl) {

    public static final String PREFIX = "skyport.channels.owner-mail";
    public static final String QUEUE_URL = PREFIX + ".queue-url";

    public OwnerMailSettings {
        queueUrl = queueUrl == null ? "" : queueUrl;
    }
}
