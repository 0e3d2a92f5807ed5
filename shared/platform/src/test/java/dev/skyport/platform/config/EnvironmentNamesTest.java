package dev.skyport.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variable name CDK sets is the one Micronaut reads the property from. */
class EnvironmentNamesTest {

    @Test
    void a_property_becomes_the_variable_micronaut_reads_it_from() {
        assertThat(EnvironmentNames.of("skyport.events.topic-arn")).isEqualTo("SKYPORT_EVENTS_TOPIC_ARN");
        String variable = EnvironmentNames.of(TableNames.property(SkyportTables.CLOUD_ACCOUNTS));
        assertThat(variable).isEqualTo("SKYPORT_TABLES_CLOUD_ACCOUNTS");
        // Read with Micronaut's convention for environment variables, that variable binds the table name.
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(PropertySource.of("env", Map.of(variable, "prod-cloud-accounts-1A2B"),
                        PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .start()) {
            assertThat(context.getBean(TableNames.class).nameOf(SkyportTables.CLOUD_ACCOUNTS))
                    .isEqualTo("prod-cloud-accounts-1A2B");
        }
    }

    @Test
    void a_name_that_is_no_property_is_refused() {
        assertThatThrownBy(() -> EnvironmentNames.of("SKYPORT_EVENTS")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvironmentNames.of("skyport..x")).isInstanceOf(IllegalArgumentException.class);
    }
}
