package dev.skyport.cloudaccounts.domain;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A connected cloud account: metadata only. The credentials live in the secret {@code secretRef} points at.
 *
 * @param summary masked description of the credentials (key id, client e-mail...)
 * @param details what the provider confirmed (account id, tenant and subscriptions, project...)
 */
public record CloudAccount(
        CloudAccountId id,
        UserId owner,
        AccountName name,
        CloudProvider provider,
        DeploymentEnvironment environment,
        Map<String, String> summary,
        Map<String, String> details,
        String secretRef,
        Instant createdAt,
        Instant lastVerifiedAt,
        Optional<String> lastVerificationProblem) {

    public CloudAccount {
        summary = Map.copyOf(summary);
        details = Map.copyOf(details);
    }

    public boolean lastVerificationOk() {
        return lastVerificationProblem.isEmpty();
    }

    /** The account after a verification at {@code at}: what it now shows, and the problem type when it failed. */
    public CloudAccount verified(Instant at, Map<String, String> newSummary, Map<String, String> newDetails,
                                 Optional<String> problem) {
        return new CloudAccount(id, owner, name, provider, environment, newSummary, newDetails, secretRef, createdAt,
                at, problem);
    }
}
