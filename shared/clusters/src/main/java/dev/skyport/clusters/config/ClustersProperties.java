package dev.skyport.clusters.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code skyport.clusters.*}: how many clusters that are not DELETED one person may have ({@code quota}, 5 by
 * default) and who may create them ({@code creators}: {@code admin}, the default, or {@code user} for every
 * verified user; {@code SKYPORT_CLUSTERS_CREATORS} in the environment), and how a Terraform task's log stream is
 * named before the task's id ({@code task-log-stream-prefix}: CloudWatch's {@code <stream prefix>/<container>/},
 * set by CDK).
 */
@ConfigurationProperties("skyport.clusters")
public class ClustersProperties {

    private int quota = 5;
    private String creators = "admin";
    private String taskLogStreamPrefix = "terraform/terraform/";

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
}
