package dev.skyport.platform.dynamodb;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Physical table names ({@code skyport.tables.*}; in AWS the generated names CDK passes as
 * {@code SKYPORT_TABLES_USERS} and the like). Checked when read: a name DynamoDB would refuse stops the function
 * from starting.
 *
 * @param users         the {@link SkyportTables#USERS} table
 * @param cloudAccounts the {@link SkyportTables#CLOUD_ACCOUNTS} table
 * @param clusters      the {@link SkyportTables#CLUSTERS} table
 * @param notifications the {@link SkyportTables#NOTIFICATIONS} table
 * @param connections   the {@link SkyportTables#CONNECTIONS} table
 * @param audit         the {@link SkyportTables#AUDIT} table
 */
@ConfigurationProperties(TableNames.PREFIX)
public record TableNames(
        @Bindable(defaultValue = "skyport-users") String users,
        @Bindable(defaultValue = "skyport-cloud-accounts") String cloudAccounts,
        @Bindable(defaultValue = "skyport-clusters") String clusters,
        @Bindable(defaultValue = "skyport-notifications") String notifications,
        @Bindable(defaultValue = "skyport-connections") String connections,
        @Bindable(defaultValue = "skyport-audit") String audit) {

    public static final String PREFIX = "skyport.tables";

    /** The property that names {@code table}'s physical table ({@code skyport.tables.cloud-accounts}). */
    public static String property(TableDefinition table) {
        return PREFIX + "." + table.logicalName();
    }

    public TableNames {
        valid(SkyportTables.USERS, users);
        valid(SkyportTables.CLOUD_ACCOUNTS, cloudAccounts);
        valid(SkyportTables.CLUSTERS, clusters);
        valid(SkyportTables.NOTIFICATIONS, notifications);
        valid(SkyportTables.CONNECTIONS, connections);
        valid(SkyportTables.AUDIT, audit);
    }

    public String nameOf(TableDefinition table) {
        if (table == SkyportTables.USERS) {
            return users;
        }
        if (table == SkyportTables.CLOUD_ACCOUNTS) {
            return cloudAccounts;
        }
        if (table == SkyportTables.CLUSTERS) {
            return clusters;
        }
        if (table == SkyportTables.NOTIFICATIONS) {
            return notifications;
        }
        if (table == SkyportTables.CONNECTIONS) {
            return connections;
        }
        if (table == SkyportTables.AUDIT) {
            return audit;
        }
        throw new IllegalArgumentException("unknown table " + table.logicalName());
    }

    private static void valid(TableDefinition table, String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException(property(table) + " must be a DynamoDB table name (3 to 255 letters,"
                    + " digits, '_', '-' or '.'), not " + name);
        }
    }
}
