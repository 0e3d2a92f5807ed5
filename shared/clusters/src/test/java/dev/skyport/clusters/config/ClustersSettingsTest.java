package dev.skyport.clusters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.clusters.domain.Ipv4Cidr;
import dev.skyport.platform.config.EnvironmentNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clusters' settings: the defaults, the variables CDK sets, and an impossible one refused naming it. */
class ClustersSettingsTest {

    @Test
    void the_defaults_hold_when_nothing_is_set() {
        try (ApplicationContext context = ApplicationContext.run()) {
            ClustersSettings settings = context.getBean(ClustersSettings.class);
            assertThat(settings.quota()).isEqualTo(5);
            assertThat(settings.everyUserCreates()).isFalse();
            assertThat(settings.taskLogStreamPrefix()).isEqualTo("terraform/terraform/");
            assertThat(settings.runners()).isEmpty();
        }
    }

    @Test
    void the_variables_cdk_sets_are_read() {
        try (ApplicationContext context = ApplicationContext.builder().propertySources(PropertySource.of("env",
                Map.of(EnvironmentNames.of(ClustersSettings.CREATORS), " User",
                        EnvironmentNames.of(ClustersSettings.RUNNER_CIDRS), "203.0.113.7/32, 198.51.100.0/24"),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE)).start()) {
            ClustersSettings settings = context.getBean(ClustersSettings.class);
            assertThat(settings.everyUserCreates()).isTrue();
            assertThat(settings.runners()).containsExactly(Ipv4Cidr.parse("203.0.113.7/32").orElseThrow(),
                    Ipv4Cidr.parse("198.51.100.0/24").orElseThrow());
        }
    }

    @Test
    void an_impossible_setting_is_refused_naming_it() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(ClustersSettings.QUOTA, "0"))) {
            assertThatThrownBy(() -> context.getBean(ClustersSettings.class))
                    .hasStackTraceContaining("skyport.clusters.quota must be 1 or more, not 0");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(ClustersSettings.CREATORS, "everyone"))) {
            assertThatThrownBy(() -> context.getBean(ClustersSettings.class))
                    .hasStackTraceContaining("skyport.clusters.creators (SKYPORT_CLUSTERS_CREATORS) must be admin"
                            + " or user, not everyone");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(ClustersSettings.RUNNER_CIDRS,
                "0.0.0.0/0"))) {
            assertThatThrownBy(() -> context.getBean(ClustersSettings.class))
                    .hasStackTraceContaining("skyport.clusters.runner-cidrs (SKYPORT_CLUSTERS_RUNNER_CIDRS):"
                            + " '0.0.0.0/0' is no IPv4 block of the runners");
        }
    }
}
