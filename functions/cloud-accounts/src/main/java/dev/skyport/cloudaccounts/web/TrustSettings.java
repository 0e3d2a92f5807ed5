package dev.skyport.cloudaccounts.web;

import dev.skyport.cloudaccounts.config.CloudAccountsSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * {@code skyport.providers.aws-trusted-principals} ({@code SKYPORT_PROVIDERS_AWS_TRUSTED_PRINCIPALS}, set by CDK):
 * the comma-separated IAM role ARNs a customer's Skyport role must trust, shown with their external id; bound as a
 * list as every list setting is.
 */
@ConfigurationProperties("skyport.providers")
public record TrustSettings(@Nullable List<String> awsTrustedPrincipals) {

    public TrustSettings {
        awsTrustedPrincipals = awsTrustedPrincipals == null ? List.of()
                : awsTrustedPrincipals.stream().map(String::strip).filter(arn -> !arn.isEmpty()).toList();
        for (String arn : awsTrustedPrincipals) {
            if (!arn.matches("arn:aws[a-z-]*:iam::\\d{12}:(role|user)/.+")) {
                throw new IllegalArgumentException(CloudAccountsSettings.AWS_TRUSTED_PRINCIPALS
                        + " must list IAM role or user ARNs, not " + arn);
            }
        }
    }
}
