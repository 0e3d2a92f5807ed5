package dev.skyport.platform.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/** Where domain events go ({@code skyport.events.*}; in AWS {@code SKYPORT_EVENTS_TOPIC_ARN}, set by CDK). */
@ConfigurationProperties(EventSettings.PREFIX)
public record EventSettings(@Nullable String topicArn) {

    public static final String PREFIX = "skyport.events";
    public static final String TOPIC_ARN = PREFIX + ".topic-arn";

    public EventSettings {
        if (topicArn != null && !topicArn.startsWith("arn:")) {
            throw new IllegalArgumentException(TOPIC_ARN + " must be an SNS topic ARN, not " + topicArn);
        }
    }
}
