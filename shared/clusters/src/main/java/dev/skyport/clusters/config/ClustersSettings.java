package dev.skyport.clusters.config;

import dev.skyport.clusters.domain.Ipv4Cidr;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;
import java.util.Locale;

/**
 * {@code skyport.clusters.*}, checked when read (a function with an impossible setting does not start). With the
 * catalogue they make the application's {@link dev.skyport.clusters.application.ClusterRules}
 * ({@link ClustersFactory}).
 *
 * @param quota               how many clusters that are not DELETED one person may have
 * @param creators            who may create clusters: {@code admin}, or {@code user} for every verified user
 *                            ({@code SKYPORT_CLUSTERS_CREATORS} in the environment)
 * @param taskLogStreamPrefix how a Terraform task's log stream is named before the task's id: CloudWatch's
 *                            {@code <stream prefix>/<container>/}, set by CDK
 * @param runnerCidrs         the fixed egress addresses of Skyport's runners (IPv4 blocks, set by CDK from the
 *                            provisioning network's NAT address): every cluster's API lets them in, so a run can
 *                            install add-ons; bound as a list as every list setting is
 */
@ConfigurationProperties(ClustersSettings.PREFIX)
public record ClustersSettings(
        @Bindable(defaultValue = "5") int quota,
        @Bindable(defaultValue = "admin") String creators,
        @Bindable(defaultValue = "terraform/terraform/") String taskLogStreamPrefix,
        @Nullable List<String> runnerCidrs) {

    public static final String PREFIX = "skyport.clusters";
    public static final String QUOTA = PREFIX + ".quota";
    public static final String CREATORS = PREFIX + ".creators";
    public static final String TASK_LOG_STREAM_PREFIX = PREFIX + ".task-log-stream-prefix";
    public static final String RUNNER_CIDRS = PREFIX + ".runner-cidrs";
    /*
     * The settings of the clusters function's own adapters (its workflow client, the expiry's schedules and the run broker), named here so
     * that the infrastructure sets them by the names those adapters read.
     */
    public static final String WORKFLOW = PREFIX + ".workflow";
    public static final String WORKFLOW_STATE_MACHINE_ARN = WORKFLOW + ".state-machine-arn";
    public static final String WORKFLOW_LOG_GROUP = WORKFLOW + ".log-group";
    public static final String EXPIRY_SCHEDULES = PREFIX + ".expiry-schedules";
    public static final String EXPIRY_SCHEDULES_GROUP = EXPIRY_SCHEDULES + ".group-name";
    public static final String EXPIRY_SCHEDULES_TARGET_ARN = EXPIRY_SCHEDULES + ".target-arn";
    public static final String EXPIRY_SCHEDULES_ROLE_ARN = EXPIRY_SCHEDULES + ".role-arn";
    public static final String EXPIRY_SCHEDULES_DEAD_LETTER_ARN = EXPIRY_SCHEDULES + ".dead-letter-arn";
    public static final String RUN_BROKER = PREFIX + ".run-broker";
    public static final String RUN_BROKER_ECS_CLUSTER = RUN_BROKER + ".ecs-cluster";
    public static final String RUN_BROKER_TASK_FAMILY = RUN_BROKER + ".task-family";
    public static final String RUN_BROKER_CONTAINER = RUN_BROKER + ".container";
    public static final String RUN_BROKER_TASK_ROLE_ARN = RUN_BROKER + ".task-role-arn";
    public static final String RUN_BROKER_PLANS_BUCKET = RUN_BROKER + ".plans-bucket";

    public ClustersSettings {
        if (quota < 1) {
            throw new IllegalArgumentException(QUOTA + " must be 1 or more, not " + quota);
        }
        String who = creators == null ? "" : creators.strip().toLowerCase(Locale.ROOT);
        if (!who.equals("admin") && !who.equals("user")) {
            throw new IllegalArgumentException(CREATORS + " (SKYPORT_CLUSTERS_CREATORS) must be admin or user, not "
                    + creators);
        }
        creators = who;
        if (taskLogStreamPrefix == null || taskLogStreamPrefix.isBlank() || !taskLogStreamPrefix.endsWith("/")) {
            throw new IllegalArgumentException(TASK_LOG_STREAM_PREFIX + " must end with / (CloudWatch's"
                    + " <stream prefix>/<container>/), not " + taskLogStreamPrefix);
        }
        runnerCidrs = runnerCidrs == null ? List.of()
                : runnerCidrs.stream().map(String::strip).filter(text -> !text.isEmpty()).toList();
        runners(runnerCidrs);
    }

    /** Whether every verified user may create clusters, not only administrators. */
    public boolean everyUserCreates() {
        return creators.equals("user");
    }

    /** The runners' egress blocks. */
    public List<Ipv4Cidr> runners() {
        return runners(runnerCidrs);
    }

    /** Each block, refused when one is no IPv4 block or opens every address. */
    private static List<Ipv4Cidr> runners(List<String> texts) {
        return texts.stream().map(text -> Ipv4Cidr.parse(text).filter(cidr -> cidr.prefix() > 0)
                .orElseThrow(() -> new IllegalArgumentException(RUNNER_CIDRS + " (SKYPORT_CLUSTERS_RUNNER_CIDRS): '"
                        + text + "' is no IPv4 block of the runners")))
                .toList();
    }
}
