package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.AccountName;
import dev.skyport.cloudaccounts.domain.Bucket;
import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.DeploymentEnvironment;
import dev.skyport.cloudaccounts.domain.VerifiedAccount;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.SecretStore;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connects cloud accounts: nothing is stored until the provider accepts the credentials; the credentials go to
 * the secret store, the table keeps metadata and the secret's reference.
 */
@Singleton
public class CloudAccountService {

    public static final Duration SECRET_RECOVERY_WINDOW = Duration.ofDays(7);

    private final CloudAccounts accounts;
    private final List<CloudVerifier> verifiers;
    private final ExternalIds externalIds;
    private final SecretStore secrets;
    private final CredentialCodec codec;
    private final Clock clock;

    public CloudAccountService(CloudAccounts accounts, List<CloudVerifier> verifiers, ExternalIds externalIds,
                               SecretStore secrets, CredentialCodec codec, Clock clock) {
        this.accounts = accounts;
        this.verifiers = List.copyOf(verifiers);
        this.externalIds = externalIds;
        this.secrets = secrets;
        this.codec = codec;
        this.clock = clock;
    }

    public CloudAccount connect(UserId owner, String name, String provider, String environment,
                                Map<String, ?> credentialFields) {
        AccountName accountName = new AccountName(name);
        CloudProvider cloud = CloudProvider.parse(provider);
        DeploymentEnvironment env = DeploymentEnvironment.parse(environment);
        CloudCredentials credentials = CloudCredentials.of(cloud, credentialFields);
        if (accounts.nameTaken(owner, accountName.key())) {
            throw nameTaken(accountName);
        }
        if (accounts.count(owner) >= CloudAccounts.MAX_PER_USER) {
            throw tooMany();
        }
        VerifiedAccount verified = verifier(cloud).verify(credentials, externalIdIfNeeded(owner, credentials));

        CloudAccountId id = CloudAccountId.generate();
        String secretRef = secrets.create("cloud-accounts/" + owner.value() + "/" + id.value(),
                codec.encode(credentials), Map.of("skyport:owner", owner.value(), "skyport:cloud-account", id.value(),
                        "skyport:provider", cloud.wireName()));
        Instant now = clock.instant();
        CloudAccount account = new CloudAccount(id, owner, accountName, cloud, env,
                merge(credentials.summary(), verified.summary()), verified.details(), secretRef, now, now,
                Optional.empty());
        try {
            accounts.create(account);
        } catch (RuntimeException notStored) {
            secrets.delete(secretRef, Duration.ZERO);
            throw notStored;
        }
        return account;
    }

    public List<CloudAccount> list(UserId owner) {
        return accounts.list(owner);
    }

    public CloudAccount get(UserId owner, CloudAccountId id) {
        return accounts.find(owner, id).orElseThrow(() -> new DomainException(Failure.NOT_FOUND,
                "cloud-account-not-found", "there is no cloud account " + id.value()));
    }

    /** Asks the provider again and records when and with what result; a refusal is recorded, not thrown. */
    public CloudAccount reverify(UserId owner, CloudAccountId id) {
        CloudAccount account = get(owner, id);
        CloudCredentials credentials = codec.decode(account.provider(), secrets.read(account.secretRef()));
        Instant now = clock.instant();
        try {
            VerifiedAccount verified = verifier(account.provider()).verify(credentials,
                    externalIdIfNeeded(owner, credentials));
            return record(account.verified(now, merge(credentials.summary(), verified.summary()), verified.details(),
                    Optional.empty()));
        } catch (CloudVerificationException refused) {
            return record(account.verified(now, account.summary(), account.details(), Optional.of(refused.slug())));
        }
    }

    /** Replaces the credentials, only once the provider has accepted the new ones. */
    public CloudAccount rotate(UserId owner, CloudAccountId id, Map<String, ?> credentialFields) {
        CloudAccount account = get(owner, id);
        CloudCredentials credentials = CloudCredentials.of(account.provider(), credentialFields);
        VerifiedAccount verified = verifier(account.provider()).verify(credentials,
                externalIdIfNeeded(owner, credentials));
        secrets.replace(account.secretRef(), codec.encode(credentials));
        return record(account.verified(clock.instant(), merge(credentials.summary(), verified.summary()),
                verified.details(), Optional.empty()));
    }

    private CloudAccount record(CloudAccount verified) {
        accounts.recordVerification(verified, verified.lastVerifiedAt(), verified.lastVerificationProblem(),
                verified.summary(), verified.details());
        return verified;
    }

    /** Only an AWS role is assumed with the external id: other credentials cost no lookup (and create none). */
    private String externalIdIfNeeded(UserId owner, CloudCredentials credentials) {
        return credentials instanceof CloudCredentials.AwsRole ? externalIds.externalIdFor(owner) : "";
    }

    /** Removes the account; its secret stays recoverable for {@link #SECRET_RECOVERY_WINDOW}. */
    public void delete(UserId owner, CloudAccountId id) {
        CloudAccount account = get(owner, id);
        accounts.delete(account);
        secrets.delete(account.secretRef(), SECRET_RECOVERY_WINDOW);
    }

    public List<Bucket> buckets(UserId owner, CloudAccountId id) {
        CloudAccount account = get(owner, id);
        CloudCredentials credentials = codec.decode(account.provider(), secrets.read(account.secretRef()));
        return verifier(account.provider()).buckets(credentials, externalIdIfNeeded(owner, credentials));
    }

    public String externalId(UserId owner) {
        return externalIds.externalIdFor(owner);
    }

    /** Everything of a deleted user goes; running it twice is harmless. */
    public void removeAllOf(UserId owner) {
        for (CloudAccount account : accounts.list(owner)) {
            accounts.delete(account);
            secrets.delete(account.secretRef(), SECRET_RECOVERY_WINDOW);
        }
        externalIds.forget(owner);
    }

    private CloudVerifier verifier(CloudProvider provider) {
        return verifiers.stream().filter(v -> v.provider() == provider).findFirst().orElseThrow(() ->
                new DomainException(Failure.UNAVAILABLE, "provider-not-supported",
                        provider.wireName() + " accounts cannot be verified by this deployment"));
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new HashMap<>(first);
        merged.putAll(second);
        return merged;
    }

    public static DomainException nameTaken(AccountName name) {
        return new DomainException(Failure.CONFLICT, "cloud-account-name-taken",
                "you already have a cloud account named '" + name.value() + "'");
    }

    public static DomainException tooMany() {
        return new DomainException(Failure.RATE_LIMITED, "cloud-account-limit",
                "a user can connect at most " + CloudAccounts.MAX_PER_USER + " cloud accounts; delete one first");
    }
}
