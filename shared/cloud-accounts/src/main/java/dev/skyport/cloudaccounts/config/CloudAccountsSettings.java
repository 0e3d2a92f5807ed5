package dev.skyport.cloudaccounts.config;

import dev.skyport.cloudaccounts.application.CloudAccountRules;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code skyport.cloud-accounts.*}: how many failed verifications of presented credentials a user and a client
 * address may have per window before Skyport stops asking providers. Checked when read: a function with an
 * impossible setting does not start. With Skyport's own AWS account ({@code skyport.aws.account-id}) they make the
 * {@link CloudAccountRules} ({@link CloudAccountsFactory}).
 *
 * @param failedVerificationsPerUser    refused credential checks one user may have per window
 * @param failedVerificationsPerAddress refused credential checks one client address may have per window
 * @param failedVerificationWindow      how long failures are counted from the first one
 */
@ConfigurationProperties(CloudAccountsSettings.PREFIX)
public record CloudAccountsSettings(
        @Bindable(defaultValue = "10") int failedVerificationsPerUser,
        @Bindable(defaultValue = "20") int failedVerificationsPerAddress,
        @Bindable(defaultValue = "1h") Duration failedVerificationWindow) {

    public static final String PREFIX = "skyport.cloud-accounts";
    public static final String FAILED_VERIFICATIONS_PER_USER = PREFIX + ".failed-verifications-per-user";
    public static final String FAILED_VERIFICATIONS_PER_ADDRESS = PREFIX + ".failed-verifications-per-address";
    public static final String FAILED_VERIFICATION_WINDOW = PREFIX + ".failed-verification-window";
    /** The principals a customer's role must trust: the cloud-accounts function's setting, named here for CDK. */
    public static final String AWS_TRUSTED_PRINCIPALS = "skyport.providers.aws-trusted-principals";

    public CloudAccountsSettings {
        if (failedVerificationsPerUser < 1) {
            throw new IllegalArgumentException(FAILED_VERIFICATIONS_PER_USER + " must be 1 or more, not "
                    + failedVerificationsPerUser);
        }
        if (failedVerificationsPerAddress < 1) {
            throw new IllegalArgumentException(FAILED_VERIFICATIONS_PER_ADDRESS + " must be 1 or more, not "
                    + failedVerificationsPerAddress);
        }
        if (failedVerificationWindow.isNegative() || failedVerificationWindow.isZero()) {
            throw new IllegalArgumentException(FAILED_VERIFICATION_WINDOW + " must be a positive duration, not "
                    + failedVerificationWindow);
        }
    }
}
