package dev.skyport.platform.dynamodb;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Physical table names, from configuration (CDK passes the generated names as environment variables). */
@ConfigurationProperties("skyport.tables")
public class TableNames {

    private String users = "skyport-users";

    public String getUsers() {
        return users;
    }

    public void setUsers(String users) {
        this.users = users;
    }

    public String nameOf(TableDefinition table) {
        if (table == SkyportTables.USERS) {
            return users;
        }
        throw new IllegalArgumentException("unknown table " + table.logicalName());
    }
}
