package dev.skyport.infra.notifications;

import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.TokenKeys;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import java.util.Map;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.constructs.Construct;

/**
 * The notifications function (HTTP routes): it reads and writes the notifications table, checks tokens with the
 * public keys and, for writes, whether the session is still live; nothing else.
 */
public class NotificationsFunction extends Construct {

    private static final String JAR = "notifications";

    private final SkyportFunction api;

    public NotificationsFunction(Construct scope, String id, SkyportSettings settings, HttpApi httpApi,
                                 ITable notifications, ITable users, TokenKeys tokenKeys) {
        super(scope, id);
        api = new SkyportFunction(this, "Function", settings.functionJar(JAR),
                "dev.skyport.notifications.NotificationsHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.NOTIFICATIONS)), notifications.getTableName()));
        notifications.grantReadWriteData(api.role());
        api.allowSessionChecks(users);
        api.allowPersonalTokens(users);
        tokenKeys.verify(api);
        api.routes(httpApi, "Notifications", settings.functionJar(JAR), JAR);
        api.acknowledgeIndexGrant("NotificationsTable");
    }

    public SkyportFunction api() {
        return api;
    }
}
