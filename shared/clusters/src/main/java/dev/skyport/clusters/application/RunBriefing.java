package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.Ipv4Cidr;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.TerraformRunConfig;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Terraform task is told when it starts: its run's configuration and its owner's cloud credentials, and only
 * those. The caller is a task the platform vouches for (in AWS, the ECS task whose role signed the request), never
 * a claim made by the caller; the run must still be its cluster's current run. This is how a run obtains its own
 * owner's credentials and no one else's, whatever the providers and charts inside the task do.
 */
public class RunBriefing {

    private final RunTasks tasks;
    private final Clusters clusters;
    private final CloudAccountDirectory accounts;
    private final PlanFiles planFiles;
    private final String logStreamPrefix;
    private final List<Ipv4Cidr> runnerCidrs;

    /**
     * @param logStreamPrefix how the platform names a task's log stream before its id (in AWS, CloudWatch's
     *                        {@code <stream prefix>/<container>/})
     * @param runnerCidrs     the runners' fixed egress addresses, which every cluster's API lets in
     */
    public RunBriefing(RunTasks tasks, Clusters clusters, CloudAccountDirectory accounts, PlanFiles planFiles,
                       String logStreamPrefix, List<Ipv4Cidr> runnerCidrs) {
        this.tasks = tasks;
        this.clusters = clusters;
        this.accounts = accounts;
        this.planFiles = planFiles;
        this.logStreamPrefix = logStreamPrefix;
        this.runnerCidrs = List.copyOf(runnerCidrs);
    }

    /**
     * The brief of a run; its environment holds credentials and is never logged.
     *
     * @param savedPlan for a run that applies a saved plan, where the task reads that plan's file
     */
    public record RunBrief(TerraformRunConfig config, Map<String, String> environment, Optional<URI> savedPlan) {

        public RunBrief {
            environment = Map.copyOf(environment);
        }

        @Override
        public String toString() {
            return "RunBrief[" + config.cluster() + "/" + config.runId() + ", " + environment.keySet() + "]";
        }
    }

    /**
     * Briefs the task.
     *
     * @param taskId         the caller's task, as AWS authenticated it
     * @param presentedToken the task token the caller sent, which must be the one the workflow gave that task
     * @throws DomainException {@code not-a-run-task} (403) when the task is no provisioning task that runs now;
     *                         {@code run-superseded} (409) when its run is no longer its cluster's current one
     *                         (cancelled, replaced, over); {@code cloud-account-not-found} (404) when the
     *                         cluster's account is gone; a cloud-accounts failure (422) when AWS refuses the role
     */
    public RunBrief brief(String taskId, String presentedToken) {
        TaskRun current = current(taskId, presentedToken);
        Cluster cluster = current.cluster();
        Run run = current.run();
        if (run.logStream().isEmpty()) {
            Run logging = run.loggingTo(logStreamPrefix + taskId);
            if (run.action() == Run.Action.PLAN) {
                if (!clusters.recordPlan(cluster.owner(), run, logging)) {
                    throw superseded();
                }
            } else {
                try {
                    clusters.recordRun(cluster, logging);
                } catch (DomainException changedMeanwhile) {
                    throw superseded();
                }
            }
        }
        Map<String, String> environment = credentials(cluster, run);
        return new RunBrief(TerraformRunConfig.of(cluster, run, runnerCidrs), environment,
                run.applies().map(plan -> planFiles.downloadUrl(cluster.id(), plan)));
    }

    /**
     * Where the task of a plan run puts its plan file, asked for once the plan is made (a URL lasts minutes, a run
     * may last hours).
     *
     * @throws DomainException as {@link #brief}; {@code not-a-plan} (409) when the task's run is no plan
     */
    public URI planUpload(String taskId, String presentedToken) {
        TaskRun current = current(taskId, presentedToken);
        if (current.run().action() != Run.Action.PLAN) {
            throw new DomainException(Failure.CONFLICT, "not-a-plan", "only a plan run keeps a plan file");
        }
        return planFiles.uploadUrl(current.cluster().id(), current.run().id());
    }

    /**
     * A new session of the run's owner's credentials, for a run that outlasts the one its brief carried (an AWS
     * role's session ends after an hour; a run may last two). Only while the run is on, only for its task.
     *
     * @throws DomainException as {@link #brief}
     */
    public Map<String, String> renewedCredentials(String taskId, String presentedToken) {
        TaskRun current = current(taskId, presentedToken);
        return credentials(current.cluster(), current.run());
    }

    private Map<String, String> credentials(Cluster cluster, Run run) {
        return accounts.credentials(cluster.owner(), cluster.cloudAccountId(), cluster.spec().region(),
                "skyport-" + run.id().substring(0, Math.min(32, run.id().length())));
    }

    private record TaskRun(Cluster cluster, Run run) {
    }

    /** The caller's cluster and run, while the caller is a task the workflow started and its run is on. */
    private TaskRun current(String taskId, String presentedToken) {
        RunTasks.RunTask task = tasks.find(taskId)
                .filter(found -> sameSecret(found.taskToken(), presentedToken))
                .orElseThrow(() -> new DomainException(Failure.FORBIDDEN, "not-a-run-task",
                        "only a running provisioning task is briefed"));
        Cluster cluster = clusters.find(task.owner(), task.cluster()).orElseThrow(RunBriefing::superseded);
        Run run = clusters.run(cluster.id(), task.runId())
                .filter(found -> !found.status().isOver() && found.action() == task.action())
                // A plan changes nothing and runs beside the cluster's life; any other run must be its current one.
                .filter(found -> found.action() == Run.Action.PLAN
                        || cluster.isRunBy(found.id()) && cluster.status().isBusy())
                .orElseThrow(RunBriefing::superseded);
        return new TaskRun(cluster, run);
    }

    /**
     * The task also proves itself with its task token, which only it holds: a request that claims a task's identity
     * without having come from that task (an invocation that bypassed the function URL's authentication) fails.
     */
    private static boolean sameSecret(String expected, String presented) {
        return expected != null && presented != null && !expected.isEmpty() && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static DomainException superseded() {
        return new DomainException(Failure.CONFLICT, "run-superseded",
                "the run is no longer its cluster's current run (cancelled, replaced or over)");
    }
}
