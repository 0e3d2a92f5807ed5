package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.Run;

/**
 * Runs Terraform for a cluster: Step Functions and ECS in AWS, an embedded runner locally. The run protocol
 * (ARCHITECTURE.md) is the contract: the input names the cluster, the run, the action and the owner, never a
 * secret; the workflow reports the run's progress itself ({@link RunReports}), and each report counts only while
 * the run is still the cluster's current one.
 */
public interface ProvisioningWorkflow {

    /**
     * Starts {@code run} of {@code cluster}, which is stored with it as its current run.
     *
     * @throws RuntimeException when the run could not be started; the adapter has logged why
     */
    void start(Cluster cluster, Run run);

    /**
     * Stops a run that was cancelled. Best effort: the cluster is already marked, and a run that goes on anyway can
     * no longer change it.
     */
    void stop(Cluster cluster, Run run);

    /** Whether runs only pretend (the local platform's simulated provisioner): said on every run. */
    boolean simulated();
}
