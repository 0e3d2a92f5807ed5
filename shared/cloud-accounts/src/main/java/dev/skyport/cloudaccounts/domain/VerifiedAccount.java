package dev.skyport.cloudaccounts.domain;

import java.util.Map;

/**
 * What a provider confirmed about the credentials: identifiers to show and record, never a secret.
 *
 * @param details for AWS account_id and arn; for Azure tenant_id and subscriptions; for GCP project_id and client_email
 * @param summary extra masked fields for the credential summary (the GCP client e-mail, for instance)
 */
public record VerifiedAccount(Map<String, String> details, Map<String, String> summary) {

    public VerifiedAccount {
        details = Map.copyOf(details);
        summary = Map.copyOf(summary);
    }
}
