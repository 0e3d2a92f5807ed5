package dev.skyport.cloudaccounts.application;

import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.PreflightReport;
import dev.skyport.cloudaccounts.domain.PreflightScope;
import dev.skyport.kernel.SecretStore;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a run's Terraform starts, asks the provider whether the owner's credentials may do what the run does and
 * whether its state bucket is fit to hold the state, so that a run that would fail forty minutes into an apply fails
 * at once, saying what is missing. The answer is a report, never an exception: the workflow fails the run with it.
 */
@Singleton
public class RunPreflight {

    private static final Logger LOG = LoggerFactory.getLogger(RunPreflight.class);

    private final CloudAccounts accounts;
    private final List<CloudPreflight> preflights;
    private final SecretStore secrets;
    private final CredentialCodec codec;
    private final ExternalIds externalIds;

    public RunPreflight(CloudAccounts accounts, List<CloudPreflight> preflights, SecretStore secrets,
                        CredentialCodec codec, ExternalIds externalIds) {
        this.accounts = accounts;
        this.preflights = List.copyOf(preflights);
        this.secrets = secrets;
        this.codec = codec;
        this.externalIds = externalIds;
    }

    /** The preflight of a run in the owner's cloud account {@code id}. */
    public PreflightReport check(UserId owner, CloudAccountId id, PreflightScope scope) {
        Optional<CloudAccount> account = accounts.find(owner, id);
        if (account.isEmpty()) {
            return PreflightReport.of("cloud-account-not-found", "the cluster's cloud account no longer exists");
        }
        Optional<CloudPreflight> preflight = preflights.stream()
                .filter(v -> v.provider() == account.get().provider()).findFirst();
        if (preflight.isEmpty()) {
            return PreflightReport.of("provider-not-supported", account.get().provider().wireName()
                    + " accounts cannot be checked by this deployment");
        }
        CloudCredentials credentials = codec.decode(account.get().provider(),
                secrets.read(account.get().secretRef()));
        String externalId = credentials instanceof CloudCredentials.AwsRole ? externalIds.externalIdFor(owner) : "";
        try {
            PreflightReport report = preflight.get().preflight(credentials, externalId, scope);
            LOG.info("preflight of cloud account {} for cluster {}: {}", id.value(), scope.clusterName(),
                    report.reason().map(reason -> reason + " (" + report.findings().size() + " found)")
                            .orElse("passed"));
            return report;
        } catch (CloudVerificationException refused) {
            LOG.info("preflight of cloud account {}: the provider refused ({})", id.value(), refused.slug());
            return PreflightReport.of(refused.slug(), refused.getMessage());
        }
    }
}
