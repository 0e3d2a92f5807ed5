package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.Run;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a person asks of their clusters: create one in a verified cloud account, read it, its history, its runs and
 * their output, cancel a run, retry a failed apply, delete it. Every request is owner-scoped: another user's
 * cluster is as absent as none (404).
 */
public class ClusterRequests {

    /** The most clusters one page holds. */
    public static final int MAX_PAGE = 100;
    /** The most runs listed for a cluster, newest first. */
    public static final int MAX_RUNS = 50;
    /** The most log lines one page holds. */
    public static final int MAX_LOG_LINES = 500;
    /** Printable ASCII, as the IETF Idempotency-Key draft and the payment APIs that use it allow. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7E]{1,255}$");

    private final Clusters clusters;
    private final CloudAccountDirectory accounts;
    private final ProvisioningWorkflow workflow;
    private final RunLogs logs;
    private final ClusterRules rules;
    private final Clock clock;

    public ClusterRequests(Clusters clusters, CloudAccountDirectory accounts, ProvisioningWorkflow workflow,
                           RunLogs logs, ClusterRules rules, Clock clock) {
        this.clusters = clusters;
        this.accounts = accounts;
        this.workflow = workflow;
        this.logs = logs;
        this.rules = rules;
        this.clock = clock;
    }

    /** Who asks: a user, and whether they hold the ADMIN role. */
    /**
     * Who asks.
     *
     * @param address where the request came from (an IP literal), when known: a new cluster's API is open to it
     *                unless the request says otherwise
     */
    public record Caller(UserId id, boolean admin, Optional<String> address) {

        public Caller(UserId id, boolean admin) {
            this(id, admin, Optional.empty());
        }
    }

    /**
     * A cluster a create request answers with.
     *
     * @param replayed the request repeated an idempotency key: this is the cluster the first request created
     */
    public record Created(Cluster cluster, boolean replayed) {
    }

    /**
     * Checks the request against the cloud account and the catalogue, stores the cluster as REQUESTED (name unique
     * among the caller's clusters that are not deleted, within the quota) and starts its apply run. If the run
     * cannot be started the cluster is marked FAILED ({@code workflow-not-started}) and can be retried or deleted.
     * A request with the idempotency key of an earlier one answers with that one's cluster and creates nothing.
     */
    public Created create(Caller caller, String cloudAccountId, ClusterSpec.Request request,
                          Optional<String> idempotencyKey) {
        if (!caller.admin() && !rules.everyUserCreates()) {
            throw new DomainException(Failure.FORBIDDEN, "forbidden",
                    "creating clusters needs the ADMIN role on this Skyport");
        }
        Optional<String> key = idempotencyKey.map(ClusterRequests::requireValidKey);
        String fingerprint = fingerprint(cloudAccountId, request);
        Optional<Created> earlier = key.flatMap(k -> replay(caller.id(), k, fingerprint));
        if (earlier.isPresent()) {
            return earlier.get();
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
        ClusterSpec spec = ClusterSpec.of(request, account.provider(), rules.catalogue(), caller.address());
        Cluster requested = Cluster.requested(caller.id(), account.id(), account.secretRef(), spec, clock.instant())
                .assumingRoleWith(account.roleExternalId());
        Run run = Run.requested(requested.id(), Run.Action.APPLY, caller.id().value(), requested.createdAt(),
                workflow.simulated());
        Cluster cluster = requested.runBy(run);
        try {
            clusters.add(cluster, run, caller.id().value(), rules.quota(),
                    key.map(k -> new Clusters.IdempotentRequest(k, fingerprint, cluster.id())));
        } catch (Clusters.IdempotencyKeyTaken racing) {
            return key.flatMap(k -> replay(caller.id(), k, fingerprint)).orElseThrow(() -> racing);
        }
        return new Created(start(cluster, run, ClusterStatus.FAILED), false);
    }

    /** The first answer to a request with this key, or a refusal when the key came with another request. */
    private Optional<Created> replay(UserId owner, String key, String fingerprint) {
        return clusters.idempotentRequest(owner, key).map(first -> {
            if (!first.fingerprint().equals(fingerprint)) {
                throw new DomainException(Failure.UNPROCESSABLE, "idempotency-key-reused",
                        "this Idempotency-Key was used for a different request; use a new key for a new cluster");
            }
            return new Created(get(owner, first.cluster()), true);
        });
    }

    private static String requireValidKey(String key) {
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw DomainException.invalid("invalid-idempotency-key",
                    "Idempotency-Key must be 1 to 255 printable ASCII characters");
        }
        return key;
    }

    /** The same for two requests that ask for the same cluster, whatever the order of their tags. */
    private static String fingerprint(String cloudAccountId, ClusterSpec.Request request) {
        String canonical = cloudAccountId + "\n" + new ClusterSpec.Request(request.name(), request.region(),
                request.kubernetesVersion(), request.network(), request.nodeGroups(), request.stateBucket(),
                request.statePrefix(), request.addons(), request.tags().map(TreeMap::new), request.apiAccess());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public Cluster get(UserId owner, ClusterId id) {
        return clusters.find(owner, id).orElseThrow(() -> new DomainException(Failure.NOT_FOUND,
                "cluster-not-found", "there is no cluster with this id"));
    }

    /**
     * The caller's clusters, newest first: in {@code status} when given (DELETED ones only when asked for), else
     * all that are not DELETED.
     */
    public ClusterPage list(UserId owner, Optional<String> status, Optional<String> cursor, int limit) {
        requireLimit(limit, MAX_PAGE);
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

    private static void requireLimit(int limit, int most) {
        if (limit < 1 || limit > most) {
            throw DomainException.invalid("invalid-limit", "limit must be between 1 and " + most);
        }
    }

    /** Every transition of the caller's cluster, oldest first. */
    public List<ClusterEvent> events(UserId owner, ClusterId id) {
        return clusters.events(get(owner, id).id());
    }

    /** The runs of the caller's cluster, newest first. */
    public List<Run> runs(UserId owner, ClusterId id) {
        return clusters.runs(get(owner, id).id(), MAX_RUNS);
    }

    /** One run of the caller's cluster. */
    public Run run(UserId owner, ClusterId id, String runId) {
        Cluster cluster = get(owner, id);
        return Optional.ofNullable(runId).filter(dev.skyport.kernel.UuidText::matches)
                .flatMap(r -> clusters.run(cluster.id(), r.toLowerCase(Locale.ROOT)))
                .orElseThrow(() -> new DomainException(Failure.NOT_FOUND, "run-not-found",
                        "this cluster has no run with this id"));
    }

    /** The Terraform output of one run of the caller's cluster, page by page. */
    public RunLogs.LogPage logs(UserId owner, ClusterId id, String runId, Optional<String> cursor, int limit) {
        requireLimit(limit, MAX_LOG_LINES);
        return logs.lines(run(owner, id, runId), cursor.filter(c -> !c.isBlank()), limit);
    }

    /** Runs apply again on a FAILED cluster: it becomes PROVISIONING with a new run. */
    public Cluster retry(Caller caller, ClusterId id) {
        Cluster cluster = get(caller.id(), id);
        if (cluster.status() != ClusterStatus.FAILED) {
            throw new DomainException(Failure.CONFLICT, "illegal-transition", "only a FAILED cluster can be"
                    + " retried; this one is " + cluster.status());
        }
        return launch(caller, cluster, ClusterStatus.PROVISIONING, Run.Action.APPLY, ClusterStatus.FAILED);
    }

    /**
     * Runs destroy on a RUNNING, FAILED or DELETE_FAILED cluster: it becomes DELETING with a new run. A cluster with a
     * run under way must be cancelled first (409).
     */
    public Cluster delete(Caller caller, ClusterId id) {
        Cluster cluster = get(caller.id(), id);
        return launch(caller, cluster, ClusterStatus.DELETING, Run.Action.DESTROY, ClusterStatus.DELETE_FAILED);
    }

    private Cluster launch(Caller caller, Cluster cluster, ClusterStatus busy, Run.Action action,
                           ClusterStatus ifNotStarted) {
        Cluster moving = cluster.becoming(busy, Optional.empty(), clock.instant());
        Run run = Run.requested(cluster.id(), action, caller.id().value(), moving.updatedAt(), workflow.simulated());
        Cluster next = moving.runBy(run);
        clusters.transition(cluster, next, caller.id().value(), Optional.of(run));
        return start(next, run, ifNotStarted);
    }

    /** Starts the run; a run that cannot start ends at once and leaves the cluster in {@code ifNotStarted}. */
    private Cluster start(Cluster cluster, Run run, ClusterStatus ifNotStarted) {
        try {
            workflow.start(cluster, run);
            return cluster;
        } catch (RuntimeException notStarted) {
            Cluster failed = cluster.becoming(ifNotStarted, Optional.of("workflow-not-started"), clock.instant());
            clusters.transition(cluster, failed, "skyport",
                    Optional.of(run.ended(Run.Status.FAILED, failed.reason(), failed.updatedAt())));
            throw new DomainException(Failure.UNAVAILABLE, "workflow-unavailable",
                    "the cluster's run could not start; retry it or delete it later");
        }
    }

    /**
     * Stops the run under way: the cluster ends FAILED (DELETE_FAILED for a destroy) with reason {@code cancelled}
     * and can then be retried or deleted to remove what was half made.
     */
    public Cluster cancel(Caller caller, ClusterId id) {
        Cluster cluster = get(caller.id(), id);
        if (!cluster.status().isBusy()) {
            throw new DomainException(Failure.CONFLICT, "nothing-to-cancel", "a cluster that is "
                    + cluster.status() + " has no run under way");
        }
        ClusterStatus end = cluster.status() == ClusterStatus.DELETING ? ClusterStatus.DELETE_FAILED
                : ClusterStatus.FAILED;
        Cluster cancelled = cluster.becoming(end, Optional.of("cancelled"), clock.instant());
        Optional<Run> run = cluster.currentRun().flatMap(r -> clusters.run(cluster.id(), r))
                .map(r -> r.ended(Run.Status.CANCELLED, Optional.of("cancelled by " + caller.id().value()),
                        cancelled.updatedAt()));
        clusters.transition(cluster, cancelled, caller.id().value(), run);
        run.ifPresent(r -> workflow.stop(cancelled, r));
        return cancelled;
    }
}
