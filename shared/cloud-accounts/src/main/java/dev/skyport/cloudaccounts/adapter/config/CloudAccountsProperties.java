package dev.skyport.cloudaccounts.adapter.config;

import dev.skyport.cloudaccounts.application.CloudAccountRules;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code skyport.cloud-accounts.*}: how many failed verifications of presented credentials a user and a client
 * address may have per window before Skyport stops asking providers. With Skyport's own AWS account
 * ({@code skyport.aws.account-id}) they make the {@link CloudAccountRules} ({@link CloudAccountsFactory}).
 */
@ConfigurationProperties("skyport.cloud-accounts")
public class CloudAccountsProperties {

    /** The principals a customer's role must trust: the cloud-accounts function's setting, named here for CDK. */
    public static final String AWS_TRUSTED_PRINCIPALS = "skyport.providers.aws-trusted-principals";

    private int failedVerificationsPerUser = 10;
    private int failedVerificationsPerAddress = 20;
    private Duration failedVerificationWindow = Duration.ofHours(1);

    public int getFailedVerificationsPerUser() {
        return failedVerificationsPerUser;
    }

    public void setFailedVerificationsPerUser(int failedVerificationsPerUser) {
        this.failedVerificationsPerUser = failedVerificationsPerUser;
    }

    public int getFailedVerificationsPerAddress() {
        return failedVerificationsPerAddress;
    }

    public void setFailedVerificationsPerAddress(int failedVerificationsPerAddress) {
        this.failedVerificationsPerAddress = failedVerificationsPerAddress;
    }

    public Duration getFailedVerificationWindow() {
        return failedVerificationWindow;
    }

    public void setFailedVerificationWindow(Duration failedVerificationWindow) {
        this.failedVerificationWindow = failedVerificationWindow;
    }
}
