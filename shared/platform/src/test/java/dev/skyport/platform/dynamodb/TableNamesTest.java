package dev.skyport.platform.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every table has a name by default, and a name DynamoDB would refuse stops the start naming its setting. */
class TableNamesTest {

    @Test
    void every_table_has_its_default_name() {
        try (ApplicationContext context = ApplicationContext.run()) {
            TableNames names = context.getBean(TableNames.class);
            for (TableDefinition table : SkyportTables.ALL) {
                assertThat(names.nameOf(table)).isEqualTo("skyport-" + table.logicalName());
            }
        }
    }

    @Test
    void a_name_dynamodb_would_refuse_is_refused_naming_the_setting() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                TableNames.property(SkyportTables.NOTIFICATIONS), "my notifications"))) {
            assertThatThrownBy(() -> context.getBean(TableNames.class)).hasStackTraceContaining(
                    "skyport.tables.notifications must be a DynamoDB table name (3 to 255 letters, digits, '_', '-'"
                            + " or '.'), not my notifications");
        }
    }
}
