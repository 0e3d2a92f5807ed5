package dev.skyport.clusters.adapter.cloudaccounts;

import dev.skyport.cloudaccounts.application.CloudAccounts;
import dev.skyport.cloudaccounts.application.ExternalIds;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.clusters.application.CloudAccountDirectory;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;

/** The clusters context's view of the cloud-accounts context, through that context's own store. */
@Singleton
public class CloudAccountsDirectory implements CloudAccountDirectory {

    private final CloudAccounts accounts;
    private final ExternalIds externalIds;

    public CloudAccountsDirectory(CloudAccounts accounts, ExternalIds externalIds) {
        this.accounts = accounts;
        this.externalIds = externalIds;
    }

    @Override
    public Optional<ProvisioningAccount> find(UserId owner, String cloudAccountId) {
        CloudAccountId id;
        try {
            id = CloudAccountId.parse(cloudAccountId);
        } catch (DomainException notAnId) {
            return Optional.empty();
        }
        return accounts.find(owner, id).map(account -> new ProvisioningAccount(account.id().value(),
                account.provider().name().toLowerCase(Locale.ROOT), account.lastVerificationOk(),
                account.secretRef(), "role".equals(account.summary().get("kind"))
                        ? Optional.of(externalIds.externalIdFor(owner)) : Optional.empty()));
    }
}
