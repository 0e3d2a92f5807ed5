package dev.skyport.clusters.adapter.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.clusters.config.ClustersSettings;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run broker's settings: none outside the broker, and a broker that could not tell its tasks does not start. */
class RunBrokerSettingsTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/SkyportProvisioning-TerraformTaskTaskRole";

    @Test
    void outside_the_broker_nothing_is_set_and_the_container_has_its_default() {
        try (ApplicationContext context = ApplicationContext.run()) {
            RunBrokerSettings settings = context.getBean(RunBrokerSettings.class);
            assertThat(settings.cluster()).isEmpty();
            assertThat(settings.container()).isEqualTo("terraform");
        }
    }

    @Test
    void the_broker_reads_what_cdk_sets() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                RunBrokerSettings.ECS_CLUSTER, "arn:aws:ecs:eu-west-1:123456789012:cluster/skyport",
                ClustersSettings.RUN_BROKER_TASK_FAMILY, "SkyportProvisioningTerraformTask",
                ClustersSettings.RUN_BROKER_TASK_ROLE_ARN, ROLE,
                ClustersSettings.RUN_BROKER_PLANS_BUCKET, "skyport-plans"))) {
            RunBrokerSettings settings = context.getBean(RunBrokerSettings.class);
            assertThat(settings.cluster()).contains("arn:aws:ecs:eu-west-1:123456789012:cluster/skyport");
            assertThat(settings.taskFamily()).isEqualTo("SkyportProvisioningTerraformTask");
            assertThat(settings.taskRoleArn()).isEqualTo(ROLE);
            assertThat(settings.plansBucket()).isEqualTo("skyport-plans");
        }
    }

    @Test
    void an_impossible_setting_is_refused_naming_it() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                RunBrokerSettings.ECS_CLUSTER, "skyport", ClustersSettings.RUN_BROKER_TASK_ROLE_ARN, ROLE))) {
            assertThatThrownBy(() -> context.getBean(RunBrokerSettings.class)).hasStackTraceContaining(
                    "skyport.clusters.run-broker.task-family must be set on the run broker");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                ClustersSettings.RUN_BROKER_TASK_ROLE_ARN, "SkyportProvisioning-TerraformTaskTaskRole"))) {
            assertThatThrownBy(() -> context.getBean(RunBrokerSettings.class)).hasStackTraceContaining(
                    "skyport.clusters.run-broker.task-role-arn must be an IAM role ARN, not"
                            + " SkyportProvisioning-TerraformTaskTaskRole");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                RunBrokerSettings.ECS_CLUSTER, "skyport", ClustersSettings.RUN_BROKER_TASK_ROLE_ARN, ROLE,
                ClustersSettings.RUN_BROKER_TASK_FAMILY, "SkyportProvisioningTerraformTask"))) {
            assertThatThrownBy(() -> context.getBean(RunBrokerSettings.class)).hasStackTraceContaining(
                    "skyport.clusters.run-broker.plans-bucket must be set on the run broker");
        }
    }
}
