package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.kernel.UserId;

/**
 * Runs Terraform for a cluster: Step Functions and ECS in AWS, an embedded runner locally. The run protocol
 * (ARCHITECTURE.md) is the contract: the input names the cluster, the run, the action and the owner, never a
 * secret; the workflow makes the cluster's transitions itself as the run goes.
 */
public interface ProvisioningWorkflow {

    /**
     * Starts a run.
     *
     * @throws RuntimeException when the run could not be started; the adapter has logged why
     */
    void start(Run run);

    /** One execution of the workflow. */
    record Run(ClusterId cluster, UserId owner, String runId, Action action) {
    }

    enum Action { APPLY, DESTROY }
}
