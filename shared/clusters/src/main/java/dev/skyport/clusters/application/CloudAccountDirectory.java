package dev.skyport.clusters.application;

import dev.skyport.kernel.UserId;
import java.util.Map;
import java.util.Optional;

/**
 * What the clusters context asks the cloud-accounts context: is this account the caller's, of which provider, did
 * its last verification succeed, and where are its credentials (the secret's reference, never the secret).
 */
public interface CloudAccountDirectory {

    /** The account, if it exists and belongs to {@code owner}. */
    Optional<ProvisioningAccount> find(UserId owner, String cloudAccountId);

    /**
     * The owner's account's credentials as the providers' environment variables, for a run in {@code region}
     * ({@code sessionName} names an assumed AWS role's session).
     *
     * @throws dev.skyport.kernel.DomainException {@code cloud-account-not-found} (404) when the account is gone;
     *                                            a provider's refusal (422) of an AWS role
     */
    Map<String, String> credentials(UserId owner, String cloudAccountId, String region, String sessionName);

    /**
     * A cloud account as provisioning needs it.
     *
     * @param roleExternalId for an AWS role, the owner's external id the role's trust policy names (not a secret)
     * @param roleArn        for an AWS role, its ARN (not a secret): a cluster's kubeconfig assumes it
     */
    record ProvisioningAccount(String id, String provider, boolean lastVerificationOk, String secretRef,
                               Optional<String> roleExternalId, Optional<String> roleArn) {
    }
}
