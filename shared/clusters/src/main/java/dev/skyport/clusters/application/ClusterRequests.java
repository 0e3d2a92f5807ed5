package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterChange;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.clusters.domain.Safeguards;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a person asks of their clusters: create one in a verified cloud account, read it, its history, its runs and
 * their output, change it, cancel a run, retry a failed run, delete it. Every request is owner-scoped: another
 * user's cluster is as absent as none (404).
 */
public class ClusterRequests {

    /** The most clusters one page holds. */
    public static final int MAX_PAGE = 100;
    /** The most runs listed for a cluster, newest first. */
    public static final int MAX_RUNS = 50;
    /** The most log lines one page holds. */
    public static final int MAX_LOG_LINES = 500;
    /** How long a plan can be applied after it ended: what Terraform found then may no longer be so. */
    public static final Duration PLAN_KEPT = Duration.ofHours(24);
    /** The actor of a destroy that a cluster's expiry started. */
    public static final String EXPIRY = "expiry";
    /** The reason of a cluster removed from Skyport while its resources may remain. */
    public static final String FORCED = "deleted-by-force";
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
        return create(caller, cloudAccountId, request, Safeguards.none(), idempotencyKey);
    }

    /** The same, for a cluster guarded from the start (deletion protection, an expiry at most 90 days ahead). */
    public Created create(Caller caller, String cloudAccountId, ClusterSpec.Request request, Safeguards guards,
                          Optional<String> idempotencyKey) {
        if (!caller.admin() && !rules.everyUserCreates()) {
            throw new DomainException(Failure.FORBIDDEN, "forbidden",
                    "creating clusters needs the ADMIN role on this Skyport");
        }
        Optional<String> key = idempotencyKey.map(ClusterRequests::requireValidKey);
        String fingerprint = fingerprint(cloudAccountId, request, guards);
        Optional<Created> earlier = key.flatMap(k -> replay(caller.id(), k, fingerprint));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (cloudAccountId == null || cloudAccountId.isBlank() || cloudAccountId.length() > 64) {
            throw DomainException.invalid("invalid-cloud-account", "cloud_account_id is required");
        }
        CloudAccountDirectory.ProvisioningAccount account = accounts.find(caller.id(), cloudAccountId)
                .orElseThrow(ClusterRequests::noSuchCloudAccount);
        if (!account.lastVerificationOk()) {
            throw DomainException.invalid("invalid-cloud-account", "cloud_account_id: its last verification"
                    + " failed; verify it again (POST /cloud-accounts/" + account.id() + "/verify)");
        }
        ClusterSpec spec = ClusterSpec.of(request, account.provider(), rules.catalogue(), caller.address());
        Instant now = clock.instant();
        guards.expiresAt().ifPresent(at -> Safeguards.requireExpiry(at, now));
        Cluster requested = Cluster.requested(caller.id(), account.id(), account.secretRef(), spec, now)
                .assumingRoleWith(account.roleExternalId()).guardedBy(guards);
        Run run = Run.requested(requested.id(), Run.Action.APPLY, caller.id().value(), requested.createdAt(),
                workflow.simulated());
        Cluster cluster = requested.runBy(run);
        try {
            clusters.add(cluster, run, caller.id().value(), rules.quota(),
                    key.map(k -> new Clusters.IdempotentRequest(k, fingerprint, cluster.id())));
        } catch (Clusters.IdempotencyKeyTaken racing) {
            return key.flatMap(k -> replay(caller.id(), k, fingerprint)).orElseThrow(() -> racing);
        } catch (Clusters.CloudAccountGone deletedMeanwhile) {
            throw noSuchCloudAccount();
        }
        return new Created(start(cluster, run, ClusterStatus.FAILED), false);
    }

    private static DomainException noSuchCloudAccount() {
        return DomainException.invalid("invalid-cloud-account",
                "cloud_account_id: you have no cloud account with this id");
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
    private static String fingerprint(String cloudAccountId, ClusterSpec.Request request, Safeguards guards) {
        String canonical = cloudAccountId + "\n" + new ClusterSpec.Request(request.name(), request.region(),
                request.kubernetesVersion(), request.network(), request.nodeGroups(), request.stateBucket(),
                request.statePrefix(), request.addons(), request.tags().map(TreeMap::new), request.apiAccess())
                + "\n" + guards;
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
        return Optional.ofNullable(runId).filter(UuidText::matches)
                .flatMap(r -> clusters.run(cluster.id(), r.toLowerCase(Locale.ROOT)))
                .orElseThrow(() -> new DomainException(Failure.NOT_FOUND, "run-not-found",
                        "this cluster has no run with this id"));
    }

    /** The Terraform output of one run of the caller's cluster, page by page. */
    public RunLogs.LogPage logs(UserId owner, ClusterId id, String runId, Optional<String> cursor, int limit) {
        requireLimit(limit, MAX_LOG_LINES);
        return logs.lines(run(owner, id, runId), cursor.filter(c -> !c.isBlank()), limit);
    }

    /**
     * Runs the failed run's kind again: apply on a FAILED cluster (it becomes PROVISIONING), update on an
     * UPDATE_FAILED one (it becomes UPDATING), each with a new run.
     */
    public Cluster retry(Caller caller, ClusterId id) {
        Cluster cluster = get(caller.id(), id);
        return switch (cluster.status()) {
            case FAILED -> launch(caller, cluster, ClusterStatus.PROVISIONING, Run.Action.APPLY,
                    ClusterStatus.FAILED);
            case UPDATE_FAILED -> launch(caller, cluster, ClusterStatus.UPDATING, Run.Action.UPDATE,
                    ClusterStatus.UPDATE_FAILED);
            default -> throw new DomainException(Failure.CONFLICT, "illegal-transition", "only a FAILED or"
                    + " UPDATE_FAILED cluster can be retried; this one is " + cluster.status());
        };
    }

    /**
     * Runs destroy on a RUNNING, FAILED, UPDATE_FAILED or DELETE_FAILED cluster: it becomes DELETING with a new run.
     * A cluster with a run under way must be cancelled first (409); a protected one must be unprotected first (409
     * {@code deletion-protected}).
     */
    public Cluster delete(Caller caller, ClusterId id) {
        return delete(caller, id, Optional.empty());
    }

    /** The same, as a plan of a destroy planned it ({@code planId}): only while the cluster has not changed since. */
    public Cluster delete(Caller caller, ClusterId id, Optional<String> planId) {
        Cluster cluster = get(caller.id(), id);
        requireUnprotected(cluster);
        // A destroy as planned applies the saved plan itself: what goes is what the plan listed.
        Optional<String> planRun = planId.map(plan -> freshPlan(cluster, plan, Run.Action.DESTROY).id());
        return launch(caller.id().value(), cluster, ClusterStatus.DELETING, Run.Action.DESTROY,
                ClusterStatus.DELETE_FAILED, Optional.empty(), planRun);
    }

    /**
     * Removes a DELETE_FAILED cluster from Skyport without a run, for a cluster whose destroy cannot succeed
     * (credentials revoked, account closed): it becomes DELETED at once, and its history keeps a warning that
     * resources may remain, with what Skyport last knew of them.
     */
    public Cluster forceDelete(Caller caller, ClusterId id) {
        Cluster cluster = get(caller.id(), id);
        requireUnprotected(cluster);
        if (cluster.status() != ClusterStatus.DELETE_FAILED) {
            throw new DomainException(Failure.CONFLICT, "force-needs-failed-destroy", "force=true removes only a"
                    + " cluster whose destroy failed (DELETE_FAILED); this one is " + cluster.status()
                    + (cluster.status().isBusy() ? ": cancel its run first" : ": delete it without force first"));
        }
        Cluster gone = cluster.becoming(ClusterStatus.DELETED, Optional.of(FORCED), clock.instant());
        clusters.transition(cluster, gone, caller.id().value(), Optional.empty(), leftBehind(cluster));
        return gone;
    }

    /** What may remain in the cloud account of a cluster removed by force, as far as Skyport last knew. */
    private static List<String> leftBehind(Cluster cluster) {
        ClusterSpec spec = cluster.spec();
        List<String> lines = new ArrayList<>();
        lines.add("warning: resources may remain in cloud account " + cluster.cloudAccountId() + " ("
                + spec.provider() + ", " + spec.region() + "); remove them there");
        cluster.outputs().map(outputs -> outputs.resourceId()).filter(resource -> !resource.isBlank())
                .ifPresent(resource -> lines.add("cluster: " + resource));
        spec.nodeGroups().forEach(group -> lines.add("node group: " + group.name() + " (" + group.instanceType()
                + ")"));
        lines.add("network: " + spec.network().vpcCidr());
        lines.add("state: " + spec.state().bucket() + "/" + spec.state().stateKey(cluster.id()));
        return lines;
    }

    private static void requireUnprotected(Cluster cluster) {
        if (cluster.safeguards().deletionProtection()) {
            throw new DomainException(Failure.CONFLICT, "deletion-protected", "the cluster has deletion protection;"
                    + " turn it off first (PATCH with deletion_protection: false)");
        }
    }

    /**
     * Changes the caller's cluster as {@code change} asks, if the cluster is still at {@code expectedVersion}
     * (otherwise 412 {@code stale-version}: someone changed it meanwhile). A new spec starts a run: an update of a
     * RUNNING or UPDATE_FAILED cluster (it becomes UPDATING), an apply of a FAILED one (PROVISIONING); a change of
     * safeguards alone starts none. Refused with 409 while a run is under way. A change that changes nothing
     * answers the cluster as it is.
     */
    public Cluster change(Caller caller, ClusterId id, long expectedVersion, ClusterChange change) {
        if (change.isEmpty()) {
            throw DomainException.invalid("empty-change", "the change names nothing to change (kubernetes_version,"
                    + " node_groups, addons, tags, api_access, deletion_protection, expires_at)");
        }
        Cluster cluster = get(caller.id(), id);
        requireVersion(cluster, expectedVersion);
        ClusterStatus status = cluster.status();
        if (status.isBusy() || status == ClusterStatus.DELETED) {
            throw new DomainException(Failure.CONFLICT, status.isBusy() ? "run-in-progress" : "illegal-transition",
                    "a cluster that is " + status + " cannot change" + (status.isBusy()
                            ? ": a run is under way; wait for it to end, or cancel it" : ""));
        }
        Instant now = clock.instant();
        ClusterSpec spec = change.applyTo(cluster.spec(), rules.catalogue().of(cluster.spec().provider()));
        Safeguards guards = change.applyTo(cluster.safeguards(), now);
        List<String> changes = ClusterChange.differences(cluster.spec(), cluster.safeguards(), spec, guards);
        if (changes.isEmpty()) {
            return cluster;
        }
        return applied(caller, cluster, spec, guards, changes, now, Optional.empty());
    }

    /**
     * Applies a plan the caller made of an update ({@code POST /clusters/{id}/plan}): exactly the spec it planned,
     * and only while the cluster is still at {@code expectedVersion} and at the version the plan was made on (409
     * {@code stale-plan} otherwise: plan again).
     */
    public Cluster applyPlan(Caller caller, ClusterId id, long expectedVersion, String planId) {
        Cluster cluster = get(caller.id(), id);
        requireVersion(cluster, expectedVersion);
        if (cluster.status().isBusy()) {
            throw new DomainException(Failure.CONFLICT, "run-in-progress", "a cluster that is " + cluster.status()
                    + " cannot change: a run is under way; wait for it to end, or cancel it");
        }
        Run planRun = freshPlan(cluster, planId, Run.Action.UPDATE);
        RunPlan plan = planRun.plan().orElseThrow();
        Instant now = clock.instant();
        plan.guards().expiresAt().filter(at -> !plan.guards().expiresAt().equals(cluster.safeguards().expiresAt()))
                .ifPresent(at -> Safeguards.requireExpiry(at, now));
        List<String> changes = new ArrayList<>(plan.changes());
        changes.add("as planned by run " + planRun.id());
        return applied(caller, cluster, plan.spec(), plan.guards(), changes, now, Optional.of(planRun.id()));
    }

    /**
     * The plan run of the caller's cluster that succeeded, is of {@code of} and was made on the cluster's version as
     * it is now.
     */
    private Run freshPlan(Cluster cluster, String planId, Run.Action of) {
        Run run = Optional.ofNullable(planId).filter(UuidText::matches)
                .flatMap(r -> clusters.run(cluster.id(), r.toLowerCase(Locale.ROOT)))
                .filter(r -> r.action() == Run.Action.PLAN)
                .orElseThrow(() -> DomainException.invalid("plan-not-found", "plan_id: this cluster has no plan"
                        + " with this id"));
        RunPlan plan = run.plan().orElseThrow();
        if (run.status() != Run.Status.SUCCEEDED) {
            throw new DomainException(Failure.CONFLICT, "plan-not-ready", "plan_id: the plan is " + run.status()
                    + "; only a plan that succeeded can be applied");
        }
        if (plan.of() != of) {
            throw DomainException.invalid("plan-mismatch", "plan_id: the plan is of " + plan.of().protocolName()
                    + ", not of " + of.protocolName());
        }
        if (plan.baseVersion() != cluster.version()) {
            throw new DomainException(Failure.CONFLICT, "stale-plan", "plan_id: the cluster changed since the plan"
                    + " was made (on version " + plan.baseVersion() + ", now " + cluster.version() + "); plan again");
        }
        if (run.endedAt().orElseThrow().plus(PLAN_KEPT).isBefore(clock.instant())) {
            throw new DomainException(Failure.CONFLICT, "stale-plan", "plan_id: the plan is more than "
                    + PLAN_KEPT.toHours() + " hours old: what it found may no longer be so; plan again");
        }
        return run;
    }

    /**
     * Plans a change ({@code of} {@link Run.Action#UPDATE}, with {@code change}) or a destroy of the caller's cluster
     * without making it: a run of kind {@code plan}, which keeps what Terraform would do. Applying it later
     * ({@code plan_id}) applies exactly what it planned, while the cluster has not changed since.
     */
    public Run plan(Caller caller, ClusterId id, Run.Action of, ClusterChange change) {
        Cluster cluster = get(caller.id(), id);
        ClusterStatus status = cluster.status();
        if (status.isBusy() || status == ClusterStatus.DELETED) {
            throw new DomainException(Failure.CONFLICT, status.isBusy() ? "run-in-progress" : "illegal-transition",
                    "a cluster that is " + status + " has nothing to plan"
                            + (status.isBusy() ? ": a run is under way; wait for it to end, or cancel it" : ""));
        }
        RunPlan plan;
        if (of == Run.Action.DESTROY) {
            if (!change.isEmpty()) {
                throw DomainException.invalid("malformed-request", "a plan of a destroy takes no change");
            }
            plan = new RunPlan(of, cluster.version(), cluster.spec(), cluster.safeguards(),
                    List.of("destroy cluster " + cluster.spec().name().value()), Optional.empty());
        } else {
            if (status != ClusterStatus.RUNNING && status != ClusterStatus.UPDATE_FAILED) {
                throw new DomainException(Failure.CONFLICT, "illegal-transition", "only a RUNNING or UPDATE_FAILED"
                        + " cluster's change is planned; this one is " + status);
            }
            if (change.isEmpty()) {
                throw DomainException.invalid("empty-change", "the change names nothing to plan");
            }
            ClusterSpec spec = change.applyTo(cluster.spec(), rules.catalogue().of(cluster.spec().provider()));
            Safeguards guards = change.applyTo(cluster.safeguards(), clock.instant());
            if (spec.equals(cluster.spec())) {
                throw DomainException.invalid("nothing-to-plan", "the change leaves the cluster's resources as they"
                        + " are (deletion protection and expiry need no plan): send it as a PATCH");
            }
            plan = new RunPlan(of, cluster.version(), spec, guards,
                    ClusterChange.differences(cluster.spec(), cluster.safeguards(), spec, guards), Optional.empty());
        }
        boolean planning = clusters.runs(cluster.id(), MAX_RUNS).stream()
                .anyMatch(earlier -> earlier.action() == Run.Action.PLAN && !earlier.status().isOver());
        if (planning) {
            throw new DomainException(Failure.CONFLICT, "plan-in-progress", "a plan of this cluster is under way;"
                    + " wait for it to end");
        }
        Run run = Run.planning(cluster.id(), plan, caller.id().value(), clock.instant(), workflow.simulated());
        clusters.recordRun(cluster, run);
        try {
            workflow.start(cluster, run);
        } catch (RuntimeException notStarted) {
            Run failed = run.ended(Run.Status.FAILED, Optional.of("workflow-not-started"), clock.instant());
            clusters.recordPlan(cluster.owner(), run, failed);
            throw new DomainException(Failure.UNAVAILABLE, "workflow-unavailable",
                    "the plan could not start; try again later");
        }
        return run;
    }

    /** Stores a person's new spec and safeguards, with the run that applies the spec when it changed. */
    /** A change stored, with the run it starts ({@code planRun}: the saved plan that run applies). */
    private Cluster applied(Caller caller, Cluster cluster, ClusterSpec spec, Safeguards guards,
                            List<String> changes, Instant now, Optional<String> planRun) {
        ClusterStatus status = cluster.status();
        String actor = caller.id().value();
        if (spec.equals(cluster.spec())) {
            return stored(cluster, cluster.changing(spec, status, guards, now), actor, Optional.empty(), changes);
        }
        if (status == ClusterStatus.DELETE_FAILED) {
            throw new DomainException(Failure.CONFLICT, "illegal-transition", "a cluster whose destroy failed can"
                    + " only be deleted (again, or with force=true)");
        }
        boolean firstApply = status == ClusterStatus.FAILED;
        Cluster moving = cluster.changing(spec, firstApply ? ClusterStatus.PROVISIONING : ClusterStatus.UPDATING,
                guards, now);
        Run requested = Run.requested(cluster.id(), firstApply ? Run.Action.APPLY : Run.Action.UPDATE, actor,
                moving.updatedAt(), workflow.simulated());
        Run run = planRun.map(requested::applying).orElse(requested);
        Cluster next = stored(cluster, moving.runBy(run), actor, Optional.of(run), changes);
        return start(next, run, firstApply ? ClusterStatus.FAILED : ClusterStatus.UPDATE_FAILED);
    }

    private static void requireVersion(Cluster cluster, long expectedVersion) {
        if (cluster.version() != expectedVersion) {
            throw stale(cluster.version());
        }
    }

    private static DomainException stale(long version) {
        return new DomainException(Failure.STALE, "stale-version", "the cluster changed since you read it (it is"
                + " at version " + version + "); read it again and make your change on what it is now");
    }

    /** Stores a person's change; of two racing changes made on the same version, the loser's is stale. */
    private Cluster stored(Cluster current, Cluster next, String actor, Optional<Run> run, List<String> changes) {
        try {
            clusters.transition(current, next, actor, run, changes);
            return next;
        } catch (DomainException changedMeanwhile) {
            if ("concurrent-change".equals(changedMeanwhile.slug())) {
                throw stale(clusters.find(current.owner(), current.id()).map(Cluster::version)
                        .orElse(current.version() + 1));
            }
            throw changedMeanwhile;
        }
    }

    /**
     * Starts the destroy of a cluster whose expiry came, as the actor {@value #EXPIRY}, with reason {@code expired}.
     * Refused like a person's delete (deletion protection, a run under way); the expiry tries again later.
     */
    public Cluster expire(Cluster cluster) {
        requireUnprotected(cluster);
        return launch(EXPIRY, cluster, ClusterStatus.DELETING, Run.Action.DESTROY, ClusterStatus.DELETE_FAILED,
                Optional.of("expired"), Optional.empty());
    }

    private Cluster launch(Caller caller, Cluster cluster, ClusterStatus busy, Run.Action action,
                           ClusterStatus ifNotStarted) {
        return launch(caller.id().value(), cluster, busy, action, ifNotStarted, Optional.empty(), Optional.empty());
    }

    private Cluster launch(String actor, Cluster cluster, ClusterStatus busy, Run.Action action,
                           ClusterStatus ifNotStarted, Optional<String> why, Optional<String> planRun) {
        Cluster moving = cluster.becoming(busy, why, clock.instant());
        Run requested = Run.requested(cluster.id(), action, actor, moving.updatedAt(), workflow.simulated());
        Run run = planRun.map(requested::applying).orElse(requested);
        Cluster next = moving.runBy(run);
        clusters.transition(cluster, next, actor, Optional.of(run));
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
     * Stops the run under way: the cluster ends FAILED (UPDATE_FAILED for an update, DELETE_FAILED for a destroy)
     * with reason {@code cancelled}
     * and can then be retried or deleted to remove what was half made.
     */
    public Cluster cancel(Caller caller, ClusterId id) {
        return cancel(caller, get(caller.id(), id));
    }

    /** Cancels the run of the cluster as it was read, so that a run started since is not the one stopped. */
    private Cluster cancel(Caller caller, Cluster cluster) {
        if (!cluster.status().isBusy()) {
            throw new DomainException(Failure.CONFLICT, "nothing-to-cancel", "a cluster that is "
                    + cluster.status() + " has no run under way");
        }
        ClusterStatus end = switch (cluster.status()) {
            case DELETING -> ClusterStatus.DELETE_FAILED;
            case UPDATING -> ClusterStatus.UPDATE_FAILED;
            default -> ClusterStatus.FAILED;
        };
        Cluster cancelled = cluster.becoming(end, Optional.of("cancelled"), clock.instant());
        Optional<Run> run = cluster.currentRun().flatMap(r -> clusters.run(cluster.id(), r))
                .map(r -> r.ended(Run.Status.CANCELLED, Optional.of("cancelled by " + caller.id().value()),
                        cancelled.updatedAt()));
        clusters.transition(cluster, cancelled, caller.id().value(), run);
        run.ifPresent(r -> workflow.stop(cancelled, r));
        return cancelled;
    }

    /**
     * Stops one run by its id: the cluster's current run as {@link #cancel} does, or a plan under way, which moves no
     * cluster: the plan run ends CANCELLED, with nothing to apply, and a report of it that comes later is ignored.
     */
    public Run cancelRun(Caller caller, ClusterId id, String runId) {
        Cluster cluster = get(caller.id(), id);
        Run run = run(caller.id(), id, runId);
        if (run.status().isOver()) {
            throw new DomainException(Failure.CONFLICT, "nothing-to-cancel", "run " + run.id() + " is over ("
                    + run.status() + ")");
        }
        if (run.action() != Run.Action.PLAN) {
            if (!cluster.isRunBy(run.id())) {
                throw new DomainException(Failure.CONFLICT, "nothing-to-cancel", "run " + run.id()
                        + " is no longer its cluster's run");
            }
            cancel(caller, cluster); // a transition conditional on the cluster as read: one started since wins
            return run(caller.id(), id, runId);
        }
        Run cancelled = run.ended(Run.Status.CANCELLED, Optional.of("cancelled by " + caller.id().value()),
                clock.instant());
        if (!clusters.recordPlan(caller.id(), run, cancelled)) {
            throw new DomainException(Failure.CONFLICT, "nothing-to-cancel", "run " + run.id()
                    + " changed meanwhile (it ended, or its task started); read it again");
        }
        workflow.stop(cluster, cancelled);
        return cancelled;
    }
}
