package dev.skyport.clusters.adapter.scheduler;

import dev.skyport.clusters.config.ClustersSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code skyport.clusters.expiry-schedules.*}, set by CDK on the function that keeps the clusters' expiry schedules.
 * Checked when read: a function with an impossible setting does not start.
 *
 * @param groupName     Skyport's own schedule group, where every expiry schedule lives
 * @param targetArn     the expiry function (its alias) each schedule invokes
 * @param roleArn       the role EventBridge Scheduler invokes it with (it may invoke that function only)
 * @param deadLetterArn the queue where an invocation ends that failed after the retries
 */
@ConfigurationProperties(ClustersSettings.EXPIRY_SCHEDULES)
public record ExpiryScheduleSettings(@Nullable String groupName, @Nullable String targetArn,
                                     @Nullable String roleArn, @Nullable String deadLetterArn) {

    /** Configuration key of the target: with it, the expiry's schedules go to EventBridge Scheduler. */
    public static final String TARGET_ARN = ClustersSettings.EXPIRY_SCHEDULES_TARGET_ARN;

    public ExpiryScheduleSettings {
        // Only a function that keeps schedules (it has a target) must have the rest.
        if (targetArn != null && !targetArn.isBlank()) {
            requireAll(groupName, targetArn, roleArn, deadLetterArn);
        }
    }

    private static void requireAll(String groupName, String targetArn, String roleArn, String deadLetterArn) {
        require(ClustersSettings.EXPIRY_SCHEDULES_GROUP, groupName, "[0-9a-zA-Z-_.]{1,64}",
                "a schedule group name");
        require(TARGET_ARN, targetArn, "arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?",
                "a Lambda function ARN");
        require(ClustersSettings.EXPIRY_SCHEDULES_ROLE_ARN, roleArn, "arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+",
                "an IAM role ARN");
        require(ClustersSettings.EXPIRY_SCHEDULES_DEAD_LETTER_ARN, deadLetterArn,
                "arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,80}", "an SQS queue ARN");
    }

    private static void require(String key, String value, String pattern, String what) {
        if (value == null || !value.matches(pattern)) {
            throw new IllegalArgumentException(key + " must be " + what + ", not " + value);
        }
    }
}
