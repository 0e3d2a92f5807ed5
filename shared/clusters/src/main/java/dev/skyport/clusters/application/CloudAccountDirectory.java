package dev.skyport.clusters.application;

import dev.skyport.kernel.UserId;
import java.util.Optional;

/**
 * What the clusters context asks the cloud-accounts context: is this account the caller's, of which provider, did
 * its last verification succeed, and where are its credentials (the secret's reference, never the secret).
 */
public interface CloudAccountDirectory {

    /** The account, if it exists and belongs to {@code owner}. */
    Optional<ProvisioningAccount> find(UserId owner, String cloudAccountId);

    /**
     * A cloud account as provisioning needs it.
     *
     * @param roleExternalId for an AWS role, the owner's external id the role's trust policy names (not a secret)
     */
    record ProvisioningAccount(String id, String provider, boolean lastVerificationOk, String secretRef,
                               Optional<String> roleExternalId) {
    }
}
