package dev.skyport.cloudaccounts.config;

import dev.skyport.cloudaccounts.application.CloudAccountRules;
import dev.skyport.platform.aws.AwsSettings;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The rules of the cloud-accounts use cases, from configuration. */
@Factory
public class CloudAccountsFactory {

    @Singleton
    CloudAccountRules cloudAccountRules(CloudAccountsSettings settings, AwsSettings aws) {
        return new CloudAccountRules(aws.account(), settings.failedVerificationsPerUser(),
                settings.failedVerificationsPerAddress(), settings.failedVerificationWindow());
    }
}
