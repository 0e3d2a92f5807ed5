package dev.skyport.clusters.adapter.stepfunctions;

import dev.skyport.clusters.adapter.cloudaccounts.CloudAccountsDirectory;
import dev.skyport.clusters.application.ProvisioningWorkflow;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.Run;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * Runs go to the provisioning state machine: one execution per run, named after the run, with the run protocol's
 * input ({@code cluster_id, run_id, action, owner} and the run's {@code preflight} document; never a secret). Naming the execution after the run makes a
 * repeated start of the same run start nothing new, and lets a cancel find the execution without storing its ARN.
 */
@Singleton
@Requires(property = WorkflowSettings.STATE_MACHINE_ARN)
public class StepFunctionsWorkflow implements ProvisioningWorkflow {

    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionsWorkflow.class);

    /** Built when a run first starts or stops: listing clusters never needs it. */
    private final BeanProvider<SfnClient> stepFunctions;
    private final JsonMapper json;
    private final String stateMachineArn;

    public StepFunctionsWorkflow(BeanProvider<SfnClient> stepFunctions, JsonMapper json, WorkflowSettings settings) {
        this.stepFunctions = stepFunctions;
        this.json = json;
        this.stateMachineArn = settings.stateMachine().orElseThrow();
    }

    /** The run protocol's execution input. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ExecutionInput(String clusterId, String runId, String action, String owner,
                                 Map<String, Object> preflight) {
    }

    @Override
    public void start(Cluster cluster, Run run) {
        String input;
        try {
            input = json.writeValueAsString(new ExecutionInput(cluster.id().value(), run.id(),
                    run.action().protocolName(), cluster.owner().value(),
                    CloudAccountsDirectory.preflightOf(cluster).document()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            stepFunctions.get().startExecution(b -> b.stateMachineArn(stateMachineArn).name(run.id()).input(input));
            LOG.info("run {} ({}) of cluster {} started", run.id(), run.action().protocolName(), cluster.id());
        } catch (ExecutionAlreadyExistsException sameRun) {
            LOG.info("run {} of cluster {} was already started", run.id(), cluster.id());
        } catch (SdkException e) {
            LOG.error("run {} of cluster {} could not start: {}", run.id(), cluster.id(), e.getMessage());
            throw e;
        }
    }

    @Override
    public void stop(Cluster cluster, Run run) {
        try {
            stepFunctions.get().stopExecution(b -> b.executionArn(executionArn(run))
                    .error("Cancelled").cause("cancelled by " + run.reason().orElse("the cluster's owner")));
            LOG.info("run {} of cluster {} stopped", run.id(), cluster.id());
        } catch (ExecutionDoesNotExistException gone) {
            LOG.info("run {} of cluster {} has no execution to stop", run.id(), cluster.id());
        } catch (SdkException e) {
            // The cluster is already marked cancelled, and the run's writes no longer count; its task ends
            // when its next heartbeat is refused.
            LOG.warn("run {} of cluster {} could not be stopped: {}", run.id(), cluster.id(), e.getMessage());
        }
    }

    /** {@code arn:aws:states:<region>:<account>:execution:<state machine name>:<execution name>}. */
    String executionArn(Run run) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + run.id();
    }

    @Override
    public boolean simulated() {
        return false;
    }
}
