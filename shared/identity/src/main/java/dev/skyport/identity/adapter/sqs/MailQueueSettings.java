package dev.skyport.identity.adapter.sqs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code skyport.mail-queue.url} (in AWS {@code SKYPORT_MAIL_QUEUE_URL}, set by the CDK app): the SQS queue that
 * mail requests are sent to. Without it no {@link SqsMailQueue} exists.
 */
@ConfigurationProperties(MailQueueSettings.PREFIX)
public record MailQueueSettings(@Nullable String url) {

    public static final String PREFIX = "skyport.mail-queue";
    public static final String URL = PREFIX + ".url";
}
