package dev.skyport.cloudaccounts.web;

import dev.skyport.cloudaccounts.adapter.config.CloudAccountsProperties;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.Arrays;
import java.util.List;

/**
 * {@code skyport.providers.aws-trusted-principals} ({@code SKYPORT_PROVIDERS_AWS_TRUSTED_PRINCIPALS}, set by CDK):
 * the comma-separated IAM role ARNs a customer's Skyport role must trust, shown with their external id.
 */
@ConfigurationProperties("skyport.providers")
public record TrustSettings(@Bindable(defaultValue = "") String awsTrustedPrincipals) {

    public TrustSettings {
        for (String arn : split(awsTrustedPrincipals)) {
            if (!arn.matches("arn:aws[a-z-]*:iam::\\d{12}:(role|user)/.+")) {
                throw new IllegalArgumentException(CloudAccountsProperties.AWS_TRUSTED_PRINCIPALS
                        + " must list IAM role or user ARNs, not " + arn);
            }
        }
    }

    public List<String> principals() {
        return split(awsTrustedPrincipals);
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(arn -> !arn.isEmpty()).toList();
    }
}
