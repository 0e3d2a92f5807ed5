package dev.skyport.clusters.adapter.ecs;

import dev.skyport.clusters.config.ClustersProperties;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.Optional;

/**
 * {@code skyport.clusters.run-broker.*}, set by CDK on the run broker only: the ECS cluster the provisioning tasks
 * run in, the task definition family and container of the Terraform task, and the role those tasks run with (the
 * only caller the broker answers).
 */
@ConfigurationProperties(RunBrokerSettings.PREFIX)
public class RunBrokerSettings {

    static final String PREFIX = ClustersProperties.RUN_BROKER;
    /** Configuration key of the ECS cluster: with it, this function is the run broker. */
    public static final String ECS_CLUSTER = ClustersProperties.RUN_BROKER_ECS_CLUSTER;

    private String ecsCluster;
    private String taskFamily;
    private String container = "terraform";
    private String taskRoleArn;

    public Optional<String> getEcsCluster() {
        return Optional.ofNullable(ecsCluster).filter(cluster -> !cluster.isBlank());
    }

    public void setEcsCluster(String ecsCluster) {
        this.ecsCluster = ecsCluster;
    }

    public String getTaskFamily() {
        return taskFamily;
    }

    public void setTaskFamily(String taskFamily) {
        this.taskFamily = taskFamily;
    }

    public String getContainer() {
        return container;
    }

    public void setContainer(String container) {
        this.container = container;
    }

    public String getTaskRoleArn() {
        return taskRoleArn;
    }

    public void setTaskRoleArn(String taskRoleArn) {
        this.taskRoleArn = taskRoleArn;
    }
}
