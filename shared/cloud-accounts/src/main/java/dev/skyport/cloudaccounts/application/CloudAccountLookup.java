package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;

/**
 * What other contexts may know of a person's cloud accounts, read only: the clusters context asks it which account
 * a cluster goes to, and never reaches the store that creates and deletes them.
 */
@Singleton
public class CloudAccountLookup {

    /**
     * A cloud account as a run needs it.
     *
     * @param provider   {@code aws}, {@code azure} or {@code gcp}
     * @param verified   whether its last verification succeeded
     * @param secretRef  where its credentials are kept
     * @param externalId the owner's external id, for an account connected with an AWS role
     * @param roleArn    that role's ARN, for an account connected with an AWS role
     */
    public record Found(CloudAccountId id, String provider, boolean verified, String secretRef,
                        Optional<String> externalId, Optional<String> roleArn) {
    }

    private final CloudAccounts accounts;
    private final ExternalIds externalIds;

    public CloudAccountLookup(CloudAccounts accounts, ExternalIds externalIds) {
        this.accounts = accounts;
        this.externalIds = externalIds;
    }

    /** The owner's account with this id; empty for another person's, a missing one, or text that is no id. */
    public Optional<Found> find(UserId owner, String cloudAccountId) {
        CloudAccountId id;
        try {
            id = CloudAccountId.parse(cloudAccountId);
        } catch (DomainException notAnId) {
            return Optional.empty();
        }
        return accounts.find(owner, id).map(account -> {
            boolean role = "role".equals(account.summary().get("kind"));
            return new Found(account.id(), account.provider().name().toLowerCase(Locale.ROOT),
                    account.lastVerificationOk(), account.secretRef(),
                    role ? Optional.of(externalIds.externalIdFor(owner)) : Optional.empty(),
                    role ? Optional.ofNullable(account.summary().get("role_arn")) : Optional.empty());
        });
    }
}
