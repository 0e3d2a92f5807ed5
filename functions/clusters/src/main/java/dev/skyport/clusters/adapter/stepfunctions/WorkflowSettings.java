package dev.skyport.clusters.adapter.stepfunctions;

import dev.skyport.clusters.config.ClustersSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.Optional;

/**
 * {@code skyport.clusters.workflow.*}, set by CDK. Checked when read: a function with an impossible setting does not
 * start.
 *
 * @param stateMachineArn the provisioning state machine this function starts and stops runs of
 * @param logGroup        the log group its Terraform tasks write to
 */
@ConfigurationProperties(ClustersSettings.WORKFLOW)
public record WorkflowSettings(@Nullable String stateMachineArn, @Nullable String logGroup) {

    /** Configuration key of the state machine's ARN: with it, runs go to Step Functions. */
    public static final String STATE_MACHINE_ARN = ClustersSettings.WORKFLOW_STATE_MACHINE_ARN;
    /** Configuration key of the Terraform tasks' log group: with it, run output is read from CloudWatch Logs. */
    public static final String LOG_GROUP = ClustersSettings.WORKFLOW_LOG_GROUP;

    public WorkflowSettings {
        if (stateMachineArn != null && !stateMachineArn.isBlank()
                && !stateMachineArn.matches("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:.+")) {
            throw new IllegalArgumentException(STATE_MACHINE_ARN + " must be a Step Functions state machine ARN, not "
                    + stateMachineArn);
        }
        if (logGroup != null && !logGroup.isBlank() && !logGroup.matches("[A-Za-z0-9._/#-]{1,512}")) {
            throw new IllegalArgumentException(LOG_GROUP + " must be a CloudWatch Logs log group name, not "
                    + logGroup);
        }
    }

    /** The provisioning state machine; empty where runs do not go to Step Functions (the local platform). */
    public Optional<String> stateMachine() {
        return Optional.ofNullable(stateMachineArn).filter(arn -> !arn.isBlank());
    }

    /** The Terraform tasks' log group; empty where run output is not read from CloudWatch Logs. */
    public Optional<String> taskLogs() {
        return Optional.ofNullable(logGroup).filter(group -> !group.isBlank());
    }
}
