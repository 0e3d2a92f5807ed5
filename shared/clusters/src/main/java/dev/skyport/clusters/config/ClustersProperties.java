package dev.skyport.clusters.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.List;

/**
 * {@code skyport.clusters.*}: how many clusters that are not DELETED one person may have ({@code quota}, 5 by
 * default) and who may create them ({@code creators}: {@code admin}, the default, or {@code user} for every
 * verified user; {@code SKYPORT_CLUSTERS_CREATORS} in the environment), and how a Terraform task's log stream is
 * named before the task's id ({@code task-log-stream-prefix}: CloudWatch's {@code <stream prefix>/<container>/},
 * set by CDK), and the fixed egress addresses of Skyport's runners ({@code runner-cidrs}, IPv4 blocks, set by CDK
 * from the provisioning network's NAT address): every cluster's API lets them in, so a run can install add-ons.
 */
@ConfigurationProperties("skyport.clusters")
public class ClustersProperties {

    public static final String CREATORS = "skyport.clusters.creators";
    public static final String TASK_LOG_STREAM_PREFIX = "skyport.clusters.task-log-stream-prefix";
    public static final String RUNNER_CIDRS = "skyport.clusters.runner-cidrs";
    /*
     * The settings of the clusters function's own adapters (its workflow client and the run broker), named here so
     * that the infrastructure sets them by the names those adapters read.
     */
    public static final String WORKFLOW_STATE_MACHINE_ARN = "skyport.clusters.workflow.state-machine-arn";
    public static final String WORKFLOW_LOG_GROUP = "skyport.clusters.workflow.log-group";
    public static final String RUN_BROKER = "skyport.clusters.run-broker";
    public static final String RUN_BROKER_ECS_CLUSTER = RUN_BROKER + ".ecs-cluster";
    public static final String RUN_BROKER_TASK_FAMILY = RUN_BROKER + ".task-family";
    public static final String RUN_BROKER_CONTAINER = RUN_BROKER + ".container";
    public static final String RUN_BROKER_TASK_ROLE_ARN = RUN_BROKER + ".task-role-arn";

    private int quota = 5;
    private String creators = "admin";
    private String taskLogStreamPrefix = "terraform/terraform/";
    private List<String> runnerCidrs = List.of();

    public int getQuota() {
        return quota;
    }

    public void setQuota(int quota) {
        this.quota = quota;
    }

    public String getCreators() {
        return creators;
    }

    public void setCreators(String creators) {
        this.creators = creators;
    }

    public String getTaskLogStreamPrefix() {
        return taskLogStreamPrefix;
    }

    public void setTaskLogStreamPrefix(String taskLogStreamPrefix) {
        this.taskLogStreamPrefix = taskLogStreamPrefix;
    }

    public List<String> getRunnerCidrs() {
        return runnerCidrs;
    }

    public void setRunnerCidrs(List<String> runnerCidrs) {
        this.runnerCidrs = runnerCidrs == null ? List.of() : List.copyOf(runnerCidrs);
    }
}
