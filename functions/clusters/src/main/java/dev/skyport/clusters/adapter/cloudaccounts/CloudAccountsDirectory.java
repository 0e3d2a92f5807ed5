package dev.skyport.clusters.adapter.cloudaccounts;

import dev.skyport.cloudaccounts.application.AccountCredentials;
import dev.skyport.cloudaccounts.application.CloudAccountLookup;
import dev.skyport.cloudaccounts.application.PreflightRequest;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.PreflightScope;
import dev.skyport.clusters.application.CloudAccountDirectory;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * The clusters context's view of the cloud-accounts context: its read-only lookup and its credentials use case.
 */
@Singleton
public class CloudAccountsDirectory implements CloudAccountDirectory {

    private final CloudAccountLookup lookup;
    private final AccountCredentials credentials;

    public CloudAccountsDirectory(CloudAccountLookup lookup, AccountCredentials credentials) {
        this.lookup = lookup;
        this.credentials = credentials;
    }

    /**
     * A run's preflight in the cloud-accounts context's words: the cluster's account, region and name, and where its
     * state goes. The workflow hands it to the preflight as it is.
     */
    public static PreflightRequest preflightOf(Cluster cluster) {
        return new PreflightRequest(cluster.owner(), CloudAccountId.parse(cluster.cloudAccountId()),
                new PreflightScope(cluster.spec().region(), cluster.spec().name().value(),
                        cluster.spec().state().bucket(), cluster.spec().state().stateKey(cluster.id())));
    }

    @Override
    public Map<String, String> credentials(UserId owner, String cloudAccountId, String region, String sessionName) {
        return credentials.environment(owner, CloudAccountId.parse(cloudAccountId), region, sessionName);
    }

    @Override
    public Optional<ProvisioningAccount> find(UserId owner, String cloudAccountId) {
        return lookup.find(owner, cloudAccountId).map(account -> new ProvisioningAccount(account.id().value(),
                account.provider(), account.verified(), account.secretRef(), account.externalId(),
                account.roleArn()));
    }
}
