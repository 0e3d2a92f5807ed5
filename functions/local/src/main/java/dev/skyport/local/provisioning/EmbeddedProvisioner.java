package dev.skyport.local.provisioning;

import dev.skyport.clusters.adapter.stepfunctions.WorkflowSettings;
import dev.skyport.clusters.application.ClusterRequests;
import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.application.ProvisioningWorkflow;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterOutputs;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.local.LocalOnly;
import dev.skyport.local.LocalSettings;
import dev.skyport.local.events.LiveRunLogs;
import dev.skyport.simulated.SimulatedClusterCa;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development only: the provisioning workflow of the local platform, simulated. It walks a run through the run
 * protocol's reports ({@link RunReports}: the same conditional writes the state machine makes in AWS), asks the
 * cloud account's provider the run's preflight ({@link LocalPreflight}: a real one), writes a line of output for
 * each step (an update's steps are what its change changed), honours cancel, and fails on purpose at the step a
 * cluster's {@code simulate-failure} tag names ({@code init}, {@code apply}, {@code update}, {@code plan} or
 * {@code destroy}), for
 * demos and tests: once, so that a retry or a delete then works; with {@code -always} after the step's name, every
 * time until the tag is changed. Nothing is made in any cloud: every run says {@code "simulated": true}. Never
 * wired in a Lambda, where Step Functions is.
 */
@Singleton
@LocalOnly
@Requires(missingProperty = WorkflowSettings.STATE_MACHINE_ARN)
@Requires(property = LocalSettings.PROVISIONER, value = "simulated", defaultValue = "simulated")
public class EmbeddedProvisioner implements ProvisioningWorkflow {

    /** The tag that makes a simulated run fail at the step it names. */
    public static final String FAIL_TAG = "simulate-failure";
    /** After a step's name in {@link #FAIL_TAG}: fail every time, not only once. */
    public static final String ALWAYS = "-always";
    /** The GCP project a simulated GKE cluster is in. */
    public static final String SIMULATED_PROJECT = "skyport-simulated";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedProvisioner.class);

    private final RunReports reports;
    private final LocalPreflight preflight;
    private final Clusters clusters;
    private final LiveRunLogs logs;
    private final Clock clock;
    private final Duration stepDelay;
    private final ExecutorService runs = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("skyport-simulated-run-", 0).factory());

    public EmbeddedProvisioner(RunReports reports, LocalPreflight preflight, Clusters clusters, LiveRunLogs logs,
                               Clock clock, ProvisionerSettings settings) {
        this.reports = reports;
        this.preflight = preflight;
        this.clusters = clusters;
        this.logs = logs;
        this.clock = clock;
        this.stepDelay = settings.stepDelay();
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public void start(Cluster cluster, Run run) {
        runs.submit(() -> {
            try {
                walk(cluster, run);
            } catch (Stopping stopping) {
                // The platform stops: a run it will not resume leaves its cluster failed, to be retried or deleted.
                reports.failed(cluster.owner(), cluster.id(), run.id(), "local-platform-stopped");
            } catch (RuntimeException e) {
                LOG.warn("simulated run {} of cluster {} broke off: {}", run.id(), cluster.id(), e.toString());
                reports.failed(cluster.owner(), cluster.id(), run.id(), "SimulationFailed");
            }
        });
    }

    @Override
    public void stop(Cluster cluster, Run run) {
        // The run's next step reads the cluster, finds the run no longer current and stops there.
        LOG.info("simulated run {} of cluster {} cancelled", run.id(), cluster.id());
    }

    private record Step(String name, String line) {
    }

    private void walk(Cluster cluster, Run run) {
        Output output = new Output(cluster, run);
        pause();
        if (!reports.started(cluster.owner(), cluster.id(), run.id())) {
            return;
        }
        output.line("Skyport simulated run " + run.id() + " (" + run.action().protocolName()
                + "): nothing is made in any cloud.");
        if (!preflight.passed(cluster, run, output::line)) {
            return;
        }
        Optional<String> failAt = failingStep(cluster, run);
        if (run.action() == Run.Action.PLAN) {
            plan(cluster, run, output, failAt);
            return;
        }
        if (!through(steps(cluster, run), cluster, run, output, failAt)) {
            return;
        }
        pause();
        if (run.action().applies()) {
            output.line("Apply complete! (simulated)");
            reports.succeeded(cluster.owner(), cluster.id(), run.id(), Optional.of(outputs(cluster)));
        } else {
            output.line("Destroy complete! (simulated)");
            reports.succeeded(cluster.owner(), cluster.id(), run.id(), Optional.empty());
        }
    }

    /**
     * Walks the steps, failing at the one the tag names; a run that is no longer its cluster's current one (it was
     * cancelled) stops at the next step. Answers whether the run got through them all.
     */
    private boolean through(List<Step> steps, Cluster cluster, Run run, Output output, Optional<String> failAt) {
        for (Step step : steps) {
            pause();
            if (!stillCurrent(cluster, run)) {
                output.line("Cancelled.");
                return false;
            }
            output.line(step.line());
            if (failAt.filter(step.name()::equals).isPresent()) {
                String error = "Error: simulated failure at step " + step.name() + " (tag " + FAIL_TAG + "="
                        + cluster.spec().tags().get(FAIL_TAG) + ")";
                output.line(error);
                reports.failed(cluster.owner(), cluster.id(), run.id(), failureCode(step.name()), List.of(error));
                return false;
            }
        }
        return true;
    }

    /** A plan: what Terraform would do, worked out from the cluster as it is and the plan's spec; nothing changes. */
    private void plan(Cluster cluster, Run run, Output output, Optional<String> failAt) {
        if (!through(steps(cluster, run), cluster, run, output, failAt)) {
            return;
        }
        RunPlan.Summary summary = SimulatedPlans.of(cluster.spec(), run.plan().orElseThrow());
        summary.resources().forEach(resource -> output.line(SimulatedPlans.line(resource)));
        output.line("Plan: " + summary.add() + " to add, " + summary.change() + " to change, " + summary.destroy()
                + " to destroy. (simulated)");
        reports.planned(cluster.owner(), cluster.id(), run.id(), summary);
    }

    /** Whether the run goes on: a plan until it is over (cancelled), any other while it is its cluster's run. */
    private boolean stillCurrent(Cluster cluster, Run run) {
        if (run.action() == Run.Action.PLAN) {
            return clusters.run(cluster.id(), run.id()).filter(r -> !r.status().isOver()).isPresent();
        }
        return clusters.find(cluster.owner(), cluster.id()).filter(c -> c.isRunBy(run.id()) && c.status().isBusy())
                .isPresent();
    }

    private static String failureCode(String step) {
        return switch (step) {
            case "init" -> "TerraformInitFailed";
            case "destroy" -> "TerraformDestroyFailed";
            case "plan" -> "TerraformPlanFailed";
            default -> "TerraformApplyFailed";
        };
    }

    /**
     * The step at which this run fails on purpose, if any: the tag's step, unless the tag says it once and a run of
     * this cluster of the same action has failed there already.
     */
    private Optional<String> failingStep(Cluster cluster, Run run) {
        String tag = cluster.spec().tags().getOrDefault(FAIL_TAG, "");
        boolean always = tag.endsWith(ALWAYS);
        String step = always ? tag.substring(0, tag.length() - ALWAYS.length()) : tag;
        if (step.isEmpty() || always) {
            return Optional.of(step).filter(name -> !name.isEmpty());
        }
        boolean failedBefore = clusters.runs(cluster.id(), ClusterRequests.MAX_RUNS).stream()
                .filter(earlier -> !earlier.id().equals(run.id()))
                .anyMatch(earlier -> earlier.action() == run.action() && earlier.status() == Run.Status.FAILED
                        && earlier.reason().filter(failureCode(step)::equals).isPresent());
        return failedBefore ? Optional.empty() : Optional.of(step);
    }

    private List<Step> steps(Cluster cluster, Run run) {
        Run.Action action = run.action();
        ClusterSpec spec = cluster.spec();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("init", "Initializing the backend: " + spec.provider() + " state in bucket "
                + spec.state().bucket() + " (simulated)"));
        if (action == Run.Action.PLAN) {
            steps.add(new Step("plan", "Refreshing the state of cluster " + spec.name().value() + "; planning "
                    + (run.plan().orElseThrow().of() == Run.Action.DESTROY ? "its destroy" : "the change")
                    + " (no state lock)"));
            return steps;
        }
        if (action == Run.Action.UPDATE) {
            // What the change asked for, as its history event says it: Terraform would find the same in its plan.
            List<String> changes = clusters.events(cluster.id()).reversed().stream()
                    .filter(event -> !event.changes().isEmpty() && event.to() == ClusterStatus.UPDATING)
                    .findFirst().map(ClusterEvent::changes).orElse(List.of());
            steps.add(new Step("update", "Refreshing the state of cluster " + spec.name().value()));
            changes.forEach(change -> steps.add(new Step("update", "Changing " + change)));
            if (changes.isEmpty()) {
                steps.add(new Step("update", "No changes: the cluster matches its configuration."));
            }
            return steps;
        }
        if (action == Run.Action.DESTROY) {
            spec.addons().forEach(addon -> steps.add(new Step("destroy", "Uninstalling add-on " + addon.name())));
            spec.nodeGroups().forEach(group -> steps.add(new Step("destroy", "Destroying node group "
                    + group.name())));
            steps.add(new Step("destroy", "Destroying cluster " + spec.name().value() + " and its network "
                    + spec.network().vpcCidr()));
            return steps;
        }
        steps.add(new Step("apply", "Creating network " + spec.network().vpcCidr() + " in " + spec.region()));
        steps.add(new Step("apply", "Creating Kubernetes " + spec.kubernetesVersion() + " cluster "
                + spec.name().value()));
        spec.nodeGroups().forEach(group -> steps.add(new Step("apply", "Creating node group " + group.name() + " ("
                + group.desiredSize() + " x " + group.instanceType() + ")")));
        spec.addons().forEach(addon -> steps.add(new Step("apply", "Installing add-on " + addon.name() + " "
                + addon.chartVersion())));
        return steps;
    }

    /**
     * What the provider's Terraform outputs would say, with a certificate authority of the cluster's own (a real
     * self-signed CA certificate, its key thrown away) and the names the stacks give: EKS {@code skyport-<name>},
     * AKS in the resource group {@code skyport}, GKE in a project of the simulated cloud.
     */
    private ClusterOutputs outputs(Cluster cluster) {
        ClusterSpec spec = cluster.spec();
        String name = spec.name().value();
        String provider = spec.provider();
        return new ClusterOutputs("https://" + name + "." + cluster.id().value().substring(0, 8)
                + ".simulated.invalid", "simulated:" + provider + ":" + name, spec.kubernetesVersion(),
                "simulated: no console for a simulated cluster",
                SimulatedClusterCa.certificateAuthorityData("kubernetes", clock.instant()),
                "aws".equals(provider) ? "skyport-" + name : name, spec.region(),
                "azure".equals(provider) ? "skyport" : "", "gcp".equals(provider) ? SIMULATED_PROJECT : "");
    }

    private void pause() {
        try {
            Thread.sleep(stepDelay);
        } catch (InterruptedException e) {
            throw new Stopping();
        }
    }

    /** The local platform is stopping while a run is under way. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super("the local platform is stopping", null, false, false);
        }
    }

    /** The run's output, numbered line by line. */
    private final class Output {
        private final Cluster cluster;
        private final Run run;
        private long seq;

        Output(Cluster cluster, Run run) {
            this.cluster = cluster;
            this.run = run;
        }

        void line(String text) {
            logs.append(cluster, run, ++seq, clock.instant(), text);
        }
    }

    /** Stops the runs under way and lets them mark their clusters, before the store they write to closes. */
    @PreDestroy
    void close() throws InterruptedException {
        runs.shutdownNow();
        runs.awaitTermination(3, java.util.concurrent.TimeUnit.SECONDS);
    }
}
