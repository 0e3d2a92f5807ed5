package dev.skyport.clusters.adapter.stepfunctions;

import dev.skyport.clusters.config.ClustersProperties;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.Optional;

/**
 * {@code skyport.clusters.workflow.*}, set by CDK: the provisioning state machine this function starts and stops
 * runs of, and the log group its Terraform tasks write to.
 */
@ConfigurationProperties("skyport.clusters.workflow")
public class WorkflowSettings {

    /** Configuration key of the state machine's ARN: with it, runs go to Step Functions. */
    public static final String STATE_MACHINE_ARN = ClustersProperties.WORKFLOW_STATE_MACHINE_ARN;
    /** Configuration key of the Terraform tasks' log group: with it, run output is read from CloudWatch Logs. */
    public static final String LOG_GROUP = ClustersProperties.WORKFLOW_LOG_GROUP;

    private String stateMachineArn;
    private String logGroup;

    public Optional<String> getStateMachineArn() {
        return Optional.ofNullable(stateMachineArn).filter(arn -> !arn.isBlank());
    }

    public void setStateMachineArn(String stateMachineArn) {
        this.stateMachineArn = stateMachineArn;
    }

    public Optional<String> getLogGroup() {
        return Optional.ofNullable(logGroup).filter(group -> !group.isBlank());
    }

    public void setLogGroup(String logGroup) {
        this.logGroup = logGroup;
    }
}
