package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What a person asks of their clusters: create one in a verified cloud account, read it and its history. Every
 * read is owner-scoped: another user's cluster is as absent as none (404).
 */
public class ClusterRequests {

    private final Clusters clusters;
    private final CloudAccountDirectory accounts;
    private final ProvisioningWorkflow workflow;
    private final ClusterSettings settings;
    private final Clock clock;

    public ClusterRequests(Clusters clusters, CloudAccountDirectory accounts, ProvisioningWorkflow workflow,
                           ClusterSettings settings, Clock clock) {
        this.clusters = clusters;
        this.accounts = accounts;
        this.workflow = workflow;
        this.settings = settings;
        this.clock = clock;
    }

    /** Who asks: a user, and whether they hold the ADMIN role. */
    public record Caller(UserId id, boolean admin) {
    }

    /**
     * Checks the request against the cloud account and the catalogue, stores the cluster as REQUESTED (name unique
     * among the caller's clusters that are not deleted, within the quota) and starts its apply run. If the run
     * cannot be started the cluster is marked FAILED ({@code workflow-not-started}) and can be retried or deleted.
     */
    public Cluster create(Caller caller, String cloudAccountId, ClusterSpec.Request request) {
        if (!caller.admin() && !settings.everyUserCreates()) {
            throw new DomainException(Failure.FORBIDDEN, "forbidden",
                    "creating clusters needs the ADMIN role on this Skyport");
        }
        if (cloudAccountId == null || cloudAccountId.isBlank() || cloudAccountId.length() > 64) {
            throw DomainException.invalid("invalid-cloud-account", "cloud_account_id is required");
        }
        CloudAccountDirectory.ProvisioningAccount account = accounts.find(caller.id(), cloudAccountId)
                .orElseThrow(() -> DomainException.invalid("invalid-cloud-account",
                        "cloud_account_id: you have no cloud account with this id"));
        if (!account.lastVerificationOk()) {
            throw DomainException.invalid("invalid-cloud-account", "cloud_account_id: its last verification"
                    + " failed; verify it again (POST /cloud-accounts/" + account.id() + "/verify)");
        }
        ClusterSpec spec = ClusterSpec.of(request, account.provider(), settings.catalogue());
        Cluster cluster = Cluster.requested(caller.id(), account.id(), spec, clock.instant());
        clusters.add(cluster, caller.id().value(), settings.quota());
        try {
            workflow.start(new ProvisioningWorkflow.Run(cluster.id(), caller.id(), UUID.randomUUID().toString(),
                    ProvisioningWorkflow.Action.APPLY));
        } catch (RuntimeException notStarted) {
            Cluster failed = cluster.becoming(ClusterStatus.FAILED, Optional.of("workflow-not-started"),
                    clock.instant());
            clusters.transition(cluster, failed, "skyport");
            throw new DomainException(Failure.UNAVAILABLE, "workflow-unavailable",
                    "the cluster was stored but its provisioning could not start; retry it or delete it");
        }
        return cluster;
    }

    public Cluster get(UserId owner, ClusterId id) {
        return clusters.find(owner, id).orElseThrow(() -> new DomainException(Failure.NOT_FOUND,
                "cluster-not-found", "there is no cluster with this id"));
    }

    /** The most clusters one page holds. */
    public static final int MAX_PAGE = 100;

    /**
     * The caller's clusters, newest first: in {@code status} when given (DELETED ones only when asked for), else
     * all that are not DELETED.
     */
    public ClusterPage list(UserId owner, Optional<String> status, Optional<String> cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw DomainException.invalid("invalid-limit", "limit must be between 1 and " + MAX_PAGE);
        }
        Optional<ClusterStatus> wanted = status.filter(s -> !s.isBlank()).map(s -> {
            try {
                return ClusterStatus.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid("invalid-status", "status must be one of "
                        + Arrays.toString(ClusterStatus.values()));
            }
        });
        return clusters.page(owner, wanted, cursor.filter(c -> !c.isBlank()), limit);
    }

    /** Every transition of the caller's cluster, oldest first. */
    public List<ClusterEvent> events(UserId owner, ClusterId id) {
        return clusters.events(get(owner, id).id());
    }
}
