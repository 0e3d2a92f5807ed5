package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterOutputs;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a run tells about itself as it goes (the workflow's side of the run protocol, in Java: the embedded
 * provisioner and the backstop for executions that died). A report counts only while its run is the cluster's
 * current one and the cluster is still where that run left it, so a late, repeated or superseded report changes
 * nothing: each method answers whether it moved the cluster.
 */
public class RunReports {

    /** The actor of every transition a run makes. */
    public static final String WORKFLOW = "workflow";
    private static final int ATTEMPTS = 3;

    private final Clusters clusters;
    private final Clock clock;

    public RunReports(Clusters clusters, Clock clock) {
        this.clusters = clusters;
        this.clock = clock;
    }

    /** The run is under way: a REQUESTED cluster becomes PROVISIONING, and the run RUNNING. */
    public boolean started(UserId owner, ClusterId id, String runId) {
        if (isPlan(id, runId)) {
            return reportPlan(owner, id, runId, run -> run.status() == Run.Status.STARTING
                    ? Optional.of(run.running()) : Optional.empty());
        }
        return report(owner, id, runId, (cluster, run) -> {
            if (run.status() != Run.Status.STARTING) {
                return Optional.empty();
            }
            Cluster next = cluster.status() == ClusterStatus.REQUESTED
                    ? cluster.becoming(ClusterStatus.PROVISIONING, Optional.empty(), clock.instant()) : cluster;
            return Optional.of(new Move(next, run.running()));
        });
    }

    /**
     * The run succeeded: an apply or an update leaves the cluster RUNNING with its outputs, a destroy leaves it
     * DELETED.
     */
    public boolean succeeded(UserId owner, ClusterId id, String runId, Optional<ClusterOutputs> outputs) {
        return report(owner, id, runId, (cluster, run) -> {
            ClusterStatus end = run.action().applies() ? ClusterStatus.RUNNING : ClusterStatus.DELETED;
            Cluster next = cluster.becoming(end, Optional.empty(), clock.instant());
            // An update whose task could not read Terraform's outputs keeps what the cluster had.
            next = outputs.filter(reported -> !reported.endpoint().isEmpty()).map(next::reporting).orElse(next);
            return Optional.of(new Move(next, run.ended(Run.Status.SUCCEEDED, Optional.empty(),
                    next.updatedAt())));
        });
    }

    /**
     * The run failed with a run-protocol error code ({@code TerraformApplyFailed}, ...) or a workflow failure: the
     * cluster becomes FAILED after an apply, UPDATE_FAILED after an update, DELETE_FAILED after a destroy, with the
     * code as its reason.
     */
    public boolean failed(UserId owner, ClusterId id, String runId, String code) {
        return failed(owner, id, runId, code, List.of());
    }

    /** The same, with what exactly made the run fail (its preflight's findings), kept with the run. */
    public boolean failed(UserId owner, ClusterId id, String runId, String code, List<String> details) {
        if (isPlan(id, runId)) {
            return reportPlan(owner, id, runId, run -> Optional.of(run.ended(Run.Status.FAILED, Optional.of(code),
                    details, clock.instant())));
        }
        return report(owner, id, runId, (cluster, run) -> {
            ClusterStatus end = switch (run.action()) {
                case APPLY -> ClusterStatus.FAILED;
                case UPDATE -> ClusterStatus.UPDATE_FAILED;
                case DESTROY -> ClusterStatus.DELETE_FAILED;
                case PLAN -> throw new IllegalStateException("a plan moves no cluster");
            };
            Cluster next = cluster.becoming(end, Optional.of(code), clock.instant());
            return Optional.of(new Move(next, run.ended(Run.Status.FAILED, Optional.of(code), details,
                    next.updatedAt())));
        });
    }

    /**
     * A plan run succeeded: it keeps what Terraform said it would do. Nothing else changes.
     *
     * @return whether it moved the run (false for a run that is no plan, is over already or is not this owner's)
     */
    public boolean planned(UserId owner, ClusterId id, String runId, RunPlan.Summary summary) {
        if (!isPlan(id, runId)) {
            return false;
        }
        return reportPlan(owner, id, runId, run -> Optional.of(run.planned(summary, clock.instant())));
    }

    /**
     * Whether the run is still its cluster's current one (or is a plan of the owner's cluster) and in {@code status}
     * (with {@code reason}, for a failure): what a report of that outcome leaves behind, so a report delivered again
     * can be told from one that came too late.
     */
    public boolean holds(UserId owner, ClusterId id, String runId, Run.Status status, Optional<String> reason) {
        return clusters.find(owner, id).filter(cluster -> cluster.isRunBy(runId) || isPlan(id, runId))
                .flatMap(cluster -> clusters.run(id, runId))
                .filter(run -> run.status() == status && (reason.isEmpty() || run.reason().equals(reason)))
                .isPresent();
    }

    private boolean isPlan(ClusterId id, String runId) {
        return clusters.run(id, runId).filter(run -> run.action() == Run.Action.PLAN).isPresent();
    }

    /** A plan run's report: it moves the run (not over yet, of the owner's cluster), never the cluster. */
    private boolean reportPlan(UserId owner, ClusterId id, String runId,
                               Function<Run, Optional<Run>> step) {
        if (clusters.find(owner, id).isEmpty()) {
            return false;
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Run> run = clusters.run(id, runId).filter(r -> !r.status().isOver());
            Optional<Run> next = run.flatMap(step);
            if (next.isEmpty()) {
                return false;
            }
            if (clusters.recordPlan(owner, run.get(), next.get())) {
                return true;
            }
        }
        return false;
    }

    private record Move(Cluster next, Run run) {
    }

    private interface Step {
        Optional<Move> after(Cluster cluster, Run run);
    }

    private boolean report(UserId owner, ClusterId id, String runId, Step step) {
        for (int attempt = 1; ; attempt++) {
            Optional<Cluster> found = clusters.find(owner, id)
                    .filter(cluster -> cluster.isRunBy(runId) && cluster.status().isBusy());
            Optional<Run> run = found.flatMap(cluster -> clusters.run(id, runId)).filter(r -> !r.status().isOver());
            if (run.isEmpty()) {
                return false;
            }
            Cluster cluster = found.get();
            Optional<Move> move;
            try {
                move = step.after(cluster, run.get());
            } catch (DomainException outOfOrder) {
                return false; // e.g. success reported for a run that never said it started: nothing to move
            }
            if (move.isEmpty()) {
                return false;
            }
            try {
                if (move.get().next() == cluster) {
                    clusters.recordRun(cluster, move.get().run());
                } else {
                    clusters.transition(cluster, move.get().next(), WORKFLOW, Optional.of(move.get().run()));
                }
                return true;
            } catch (DomainException changedMeanwhile) {
                // Cancelled, or reported twice at once: read again; the report may no longer count.
                if (attempt == ATTEMPTS) {
                    throw changedMeanwhile;
                }
            }
        }
    }
}
