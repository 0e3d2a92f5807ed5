package dev.skyport.identity.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.platform.config.EnvironmentNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The administrators' addresses, from the comma-separated variable CDK sets, and a wrong entry refused. */
class AdministratorSettingsTest {

    @Test
    void the_variable_lists_the_addresses_that_become_admin_and_a_wrong_one_stops_the_start() {
        String variable = EnvironmentNames.of(AdministratorSettings.ADMIN_EMAILS);
        try (ApplicationContext context = ApplicationContext.builder().propertySources(PropertySource.of("env",
                Map.of(variable, "boss@skyport.example, ops@skyport.example"),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE)).start()) {
            assertThat(context.getBean(AdministratorSettings.class).addresses()).containsExactlyInAnyOrder(
                    new EmailAddress("boss@skyport.example"), new EmailAddress("ops@skyport.example"));
        }
        try (ApplicationContext context = ApplicationContext.run()) {
            assertThat(context.getBean(AdministratorSettings.class).addresses()).isEmpty();
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(AdministratorSettings.ADMIN_EMAILS,
                "boss@skyport.example,not-an-address"))) {
            assertThatThrownBy(() -> context.getBean(AdministratorSettings.class))
                    .hasStackTraceContaining(AdministratorSettings.ADMIN_EMAILS + " lists not-an-address");
        }
    }
}
