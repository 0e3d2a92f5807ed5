package dev.skyport.clusters.adapter.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.platform.config.EnvironmentNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The workflow's settings: unset locally, read from the variables CDK sets, and an impossible one refused. */
class WorkflowSettingsTest {

    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:SkyportProvisioning";

    @Test
    void nothing_is_set_where_runs_do_not_go_to_aws() {
        try (ApplicationContext context = ApplicationContext.run()) {
            WorkflowSettings settings = context.getBean(WorkflowSettings.class);
            assertThat(settings.stateMachine()).isEmpty();
            assertThat(settings.taskLogs()).isEmpty();
        }
    }

    @Test
    void the_variables_cdk_sets_are_read() {
        try (ApplicationContext context = ApplicationContext.builder().propertySources(PropertySource.of("env",
                Map.of(EnvironmentNames.of(WorkflowSettings.STATE_MACHINE_ARN), STATE_MACHINE,
                        EnvironmentNames.of(WorkflowSettings.LOG_GROUP), "/skyport/terraform"),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE)).start()) {
            WorkflowSettings settings = context.getBean(WorkflowSettings.class);
            assertThat(settings.stateMachine()).contains(STATE_MACHINE);
            assertThat(settings.taskLogs()).contains("/skyport/terraform");
        }
    }

    @Test
    void an_impossible_setting_is_refused_naming_it() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(WorkflowSettings.STATE_MACHINE_ARN,
                "SkyportProvisioning"))) {
            assertThatThrownBy(() -> context.getBean(WorkflowSettings.class)).hasStackTraceContaining(
                    "skyport.clusters.workflow.state-machine-arn must be a Step Functions state machine ARN, not"
                            + " SkyportProvisioning");
        }
    }
}
