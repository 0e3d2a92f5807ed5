package dev.skyport.clusters.adapter.ecs;

import dev.skyport.clusters.config.ClustersSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.Optional;

/**
 * {@code skyport.clusters.run-broker.*}, set by CDK on the run broker only. Checked when read: a broker that could
 * not tell its tasks from others does not start.
 *
 * @param ecsCluster  the ECS cluster the provisioning tasks run in; with it, this function is the run broker
 * @param taskFamily  the task definition family of the Terraform task
 * @param container   the Terraform task's container, whose environment carries the run protocol's input
 * @param taskRoleArn the role those tasks run with: the only caller the broker answers
 * @param plansBucket the bucket of plan runs' plan files, which tasks reach through URLs the broker signs
 */
@ConfigurationProperties(ClustersSettings.RUN_BROKER)
public record RunBrokerSettings(
        @Nullable String ecsCluster,
        @Nullable String taskFamily,
        @Bindable(defaultValue = "terraform") String container,
        @Nullable String taskRoleArn,
        @Nullable String plansBucket) {

    /** Configuration key of the ECS cluster: with it, this function is the run broker. */
    public static final String ECS_CLUSTER = ClustersSettings.RUN_BROKER_ECS_CLUSTER;
    /** Configuration key of the plans bucket. */
    public static final String PLANS_BUCKET = ClustersSettings.RUN_BROKER_PLANS_BUCKET;

    public RunBrokerSettings {
        if (cluster(ecsCluster).isPresent()) {
            required(ClustersSettings.RUN_BROKER_TASK_FAMILY, taskFamily);
            required(ClustersSettings.RUN_BROKER_TASK_ROLE_ARN, taskRoleArn);
            required(PLANS_BUCKET, plansBucket);
        }
        required(ClustersSettings.RUN_BROKER_CONTAINER, container);
        if (taskRoleArn != null && !taskRoleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+")) {
            throw new IllegalArgumentException(ClustersSettings.RUN_BROKER_TASK_ROLE_ARN
                    + " must be an IAM role ARN, not " + taskRoleArn);
        }
    }

    /** The ECS cluster of the provisioning tasks; empty where this function is not the run broker. */
    public Optional<String> cluster() {
        return cluster(ecsCluster);
    }

    private static Optional<String> cluster(@Nullable String ecsCluster) {
        return Optional.ofNullable(ecsCluster).filter(cluster -> !cluster.isBlank());
    }

    private static void required(String property, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must be set on the run broker (with "
                    + ECS_CLUSTER + ")");
        }
    }
}
