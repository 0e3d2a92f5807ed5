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
import dev.skyport.kernel.Announcements;
import dev.skyport.kernel.DependentResources;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.SecretStore;
import dev.skyport.kernel.UserId;
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
 * the secret store, the table keeps metadata and the secret's reference. New credentials are checked with the
 * provider only while the user and the client address are under their limits of failed verifications, and never
 * when they name a role in Skyport's own AWS account.
 */
@Singleton
public class CloudAccountService {

    public static final Duration SECRET_RECOVERY_WINDOW = Duration.ofDays(7);

    private final CloudAccounts accounts;
    private final List<CloudVerifier> verifiers;
    private final ExternalIds externalIds;
    private final SecretStore secrets;
    private final CredentialCodec codec;
    private final FailedVerificationLimit limit;
    private final CloudAccountRules rules;
    private final List<DependentResources> dependents;
    private final Clock clock;
    private final Announcements announcements;

    public CloudAccountService(CloudAccounts accounts, List<CloudVerifier> verifiers, ExternalIds externalIds,
                               SecretStore secrets, CredentialCodec codec, FailedVerificationLimit limit,
                               CloudAccountRules rules, List<DependentResources> dependents,
                               Announcements announcements, Clock clock) {
        this.announcements = announcements;
        this.accounts = accounts;
        this.verifiers = List.copyOf(verifiers);
        this.externalIds = externalIds;
        this.secrets = secrets;
        this.codec = codec;
        this.limit = limit;
        this.rules = rules;
        this.dependents = List.copyOf(dependents);
        this.clock = clock;
    }

    /**
     * @param clientAddress where the request came from, as the platform saw it (never a header the client sets)
     */
    public CloudAccount connect(UserId owner, String clientAddress, String name, String provider, String environment,
                                Map<String, ?> credentialFields) {
        AccountName accountName = new AccountName(name);
        CloudProvider cloud = CloudProvider.parse(provider);
        DeploymentEnvironment env = DeploymentEnvironment.parse(environment);
        CloudCredentials credentials = CloudCredentials.of(cloud, credentialFields);
        refuseSkyportsOwnAccount(credentials);
        if (accounts.nameTaken(owner, accountName.key())) {
            throw nameTaken(accountName);
        }
        if (accounts.count(owner) >= CloudAccounts.MAX_PER_USER) {
            throw tooMany();
        }
        VerifiedAccount verified = verifyPresented(owner, clientAddress, credentials);

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

    /**
     * Asks the provider again and records when and with what result; a refusal is recorded, not thrown. The first
     * refusal after a good verification is announced, so the owner is notified once, not at every retry.
     */
    public CloudAccount reverify(UserId owner, CloudAccountId id) {
        CloudAccount account = get(owner, id);
        CloudCredentials credentials = codec.decode(account.provider(), secrets.read(account.secretRef()));
        refuseSkyportsOwnAccount(credentials);
        Instant now = clock.instant();
        try {
            VerifiedAccount verified = verifier(account.provider()).verify(credentials,
                    externalIdIfNeeded(owner, credentials));
            return record(account.verified(now, merge(credentials.summary(), verified.summary()), verified.details(),
                    Optional.empty()));
        } catch (CloudVerificationException refused) {
            CloudAccount failed = record(account.verified(now, account.summary(), account.details(),
                    Optional.of(refused.slug())));
            if (account.lastVerificationOk()) {
                announcements.announce(new PlatformEvent.CloudAccountVerificationFailed(owner,
                        account.id().value(), account.name().value(),
                        account.provider().name().toLowerCase(java.util.Locale.ROOT), refused.slug()));
            }
            return failed;
        }
    }

    /** Replaces the credentials, only once the provider has accepted the new ones. */
    public CloudAccount rotate(UserId owner, String clientAddress, CloudAccountId id,
                               Map<String, ?> credentialFields) {
        CloudAccount account = get(owner, id);
        CloudCredentials credentials = CloudCredentials.of(account.provider(), credentialFields);
        refuseSkyportsOwnAccount(credentials);
        VerifiedAccount verified = verifyPresented(owner, clientAddress, credentials);
        secrets.replace(account.secretRef(), codec.encode(credentials));
        return record(account.verified(clock.instant(), merge(credentials.summary(), verified.summary()),
                verified.details(), Optional.empty()));
    }

    /** Roles in Skyport's own AWS account trust Skyport's account: assuming one for a user would be a confused deputy. */
    private void refuseSkyportsOwnAccount(CloudCredentials credentials) {
        if (credentials instanceof CloudCredentials.AwsRole role
                && rules.skyportAwsAccountId().filter(role.accountId()::equals).isPresent()) {
            throw new DomainException(Failure.UNPROCESSABLE, "cloud-role-in-skyport-account",
                    "credentials.role_arn names a role in Skyport's own AWS account; connect a role in your account");
        }
    }

    /** Asks the provider about credentials a person presents, within the limit of failed verifications. */
    private VerifiedAccount verifyPresented(UserId owner, String clientAddress, CloudCredentials credentials) {
        return limit.verify(owner, clientAddress,
                () -> verifier(credentials.provider()).verify(credentials, externalIdIfNeeded(owner, credentials)));
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

    /**
     * Removes the account; its secret stays recoverable for {@link #SECRET_RECOVERY_WINDOW}. An account that clusters
     * still live in is kept (409, naming them): their runs need its credentials to remove them. The rule holds in the
     * delete's own transaction too, so a cluster created at the same moment either refuses the delete or is refused.
     */
    public void delete(UserId owner, CloudAccountId id) {
        CloudAccount account = get(owner, id);
        List<String> using = using(owner, account);
        if (!using.isEmpty()) {
            throw inUse(using);
        }
        try {
            accounts.delete(account);
        } catch (CloudAccounts.InUse createdMeanwhile) {
            throw inUse(using(owner, account));
        }
        secrets.delete(account.secretRef(), SECRET_RECOVERY_WINDOW);
    }

    private List<String> using(UserId owner, CloudAccount account) {
        return dependents.stream().flatMap(d -> d.usingCloudAccount(owner, account.id().value()).stream()).toList();
    }

    private static DomainException inUse(List<String> using) {
        return new DomainException(Failure.CONFLICT, "cloud-account-in-use", using.isEmpty()
                ? "clusters still live in this cloud account; delete them first"
                : "these still live in this cloud account; delete them first: " + String.join(", ", using));
    }

    public List<Bucket> buckets(UserId owner, CloudAccountId id) {
        CloudAccount account = get(owner, id);
        CloudCredentials credentials = codec.decode(account.provider(), secrets.read(account.secretRef()));
        refuseSkyportsOwnAccount(credentials);
        return verifier(account.provider()).buckets(credentials, externalIdIfNeeded(owner, credentials));
    }

    public String externalId(UserId owner) {
        return externalIds.externalIdFor(owner);
    }

    /**
     * Everything of a deleted user goes: the secrets first, then every item of the user (so a failure part-way
     * leaves the accounts to be found by the retry). Running it twice is harmless. It only deletes: the clean-up
     * function may not write.
     */
    public void removeAllOf(UserId owner) {
        for (CloudAccount account : accounts.list(owner)) {
            secrets.delete(account.secretRef(), SECRET_RECOVERY_WINDOW);
        }
        accounts.removeAllOf(owner);
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
