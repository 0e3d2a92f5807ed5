package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.SecretStore;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cloud account's credentials as the environment variables the providers' own tools read (Terraform's AWS,
 * AzureRM and Google providers, the AWS CLI): what a provisioning run of the account's owner is handed, and nothing
 * another owner can ask for. An AWS role is assumed here, with the owner's external id, so the run gets a session
 * and never needs the right to assume roles itself.
 */
@Singleton
public class AccountCredentials {

    /**
     * A run's session in a customer's role: one hour, the most AWS allows when a role's session assumes another
     * role (role chaining: the broker runs in a Lambda function's role session). A run that lasts longer asks the
     * broker for a new session before this one ends ({@code AWS_CREDENTIAL_EXPIRATION} says when).
     */
    public static final Duration ROLE_SESSION = Duration.ofHours(1);
    /** When an assumed role's session ends (ISO-8601), beside its keys: the run renews it before then. */
    public static final String EXPIRATION = "AWS_CREDENTIAL_EXPIRATION";

    private final CloudAccounts accounts;
    private final SecretStore secrets;
    private final CredentialCodec codec;
    private final ExternalIds externalIds;
    private final RoleSessions roles;

    public AccountCredentials(CloudAccounts accounts, SecretStore secrets, CredentialCodec codec,
                              ExternalIds externalIds, RoleSessions roles) {
        this.accounts = accounts;
        this.secrets = secrets;
        this.codec = codec;
        this.externalIds = externalIds;
        this.roles = roles;
    }

    /**
     * The environment of the owner's account {@code id}, for work in {@code region}; {@code sessionName} names an
     * assumed role's session in the customer's CloudTrail (a run's id).
     *
     * @throws DomainException {@code cloud-account-not-found} (404) when the owner has no such account
     * @throws dev.skyport.cloudaccounts.domain.CloudVerificationException when AWS refuses the role
     */
    public Map<String, String> environment(UserId owner, CloudAccountId id, String region, String sessionName) {
        CloudAccount account = accounts.find(owner, id).orElseThrow(() -> new DomainException(Failure.NOT_FOUND,
                "cloud-account-not-found", "the cluster's cloud account no longer exists"));
        CloudCredentials credentials = codec.decode(account.provider(), secrets.read(account.secretRef()));
        Map<String, String> environment = new LinkedHashMap<>();
        switch (credentials) {
            case CloudCredentials.AwsAccessKeys keys -> {
                environment.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
                environment.put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
            }
            case CloudCredentials.AwsRole role -> {
                RoleSessions.Session session = roles.assume(role.roleArn(), externalIds.externalIdFor(owner),
                        sessionName, ROLE_SESSION);
                environment.put("AWS_ACCESS_KEY_ID", session.accessKeyId());
                environment.put("AWS_SECRET_ACCESS_KEY", session.secretAccessKey());
                environment.put("AWS_SESSION_TOKEN", session.sessionToken());
                environment.put(EXPIRATION, session.expiresAt().toString());
            }
            case CloudCredentials.AzureServicePrincipal azure -> {
                environment.put("ARM_TENANT_ID", azure.tenantId());
                environment.put("ARM_CLIENT_ID", azure.clientId());
                environment.put("ARM_CLIENT_SECRET", azure.clientSecret());
                azure.subscriptionId().ifPresent(subscription -> environment.put("ARM_SUBSCRIPTION_ID", subscription));
            }
            case CloudCredentials.GcpServiceAccount gcp -> environment.put("GOOGLE_CREDENTIALS", gcp.json());
        }
        if (credentials.provider() == CloudProvider.AWS) {
            environment.put("AWS_REGION", region);
        }
        return environment;
    }
}
