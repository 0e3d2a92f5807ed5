package dev.skyport.platform.dynamodb;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Physical table names, from configuration (CDK passes the generated names as environment variables). */
@ConfigurationProperties(TableNames.PREFIX)
public class TableNames {

    public static final String PREFIX = "skyport.tables";

    /** The property that names {@code table}'s physical table ({@code skyport.tables.cloud-accounts}). */
    public static String property(TableDefinition table) {
        return PREFIX + "." + table.logicalName();
    }

    private String users = "skyport-users";
    private String cloudAccounts = "skyport-cloud-accounts";
    private String clusters = "skyport-clusters";
    private String notifications = "skyport-notifications";
    private String connections = "skyport-connections";

    public String getUsers() {
        return users;
    }

    public void setUsers(String users) {
        this.users = users;
    }

    public String getCloudAccounts() {
        return cloudAccounts;
    }

    public void setCloudAccounts(String cloudAccounts) {
        this.cloudAccounts = cloudAccounts;
    }

    public String getClusters() {
        return clusters;
    }

    public void setClusters(String clusters) {
        this.clusters = clusters;
    }

    public String getNotifications() {
        return notifications;
    }

    public void setNotifications(String notifications) {
        this.notifications = notifications;
    }

    public String getConnections() {
        return connections;
    }

    public void setConnections(String connections) {
        this.connections = connections;
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
        throw new IllegalArgumentException("unknown table " + table.logicalName());
    }
}
