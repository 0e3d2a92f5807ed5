package dev.skyport.infra.notifications;

import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.TokenKeys;
import dev.skyport.notifications.config.ChannelSettings;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import java.util.Map;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The notifications function (HTTP routes): it reads and writes the notifications table, checks tokens with the
 * public keys and, for writes, whether the session is still live, makes and removes outbound channels' secrets (under
 * {@code skyport/channels/}) and queues channel deliveries; nothing else. Its channels' event and delivery functions
 * are {@link ChannelFunctions}.
 */
public class NotificationsFunction extends Construct {

    private static final String JAR = "notifications";

    private final SkyportFunction api;
    private final ChannelFunctions channels;

    public NotificationsFunction(Construct scope, String id, SkyportSettings settings, HttpApi httpApi,
                                 ITable notifications, ITable users, TokenKeys tokenKeys, ITopic platformEvents,
                                 String publicBaseUrl) {
        super(scope, id);
        api = new SkyportFunction(this, "Function", settings.functionJar(JAR),
                "dev.skyport.notifications.NotificationsHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.NOTIFICATIONS)), notifications.getTableName(),
                        EnvironmentNames.of(ChannelSettings.LINK_BASE), publicBaseUrl));
        // Outbound channels: their queue and the two event functions of the same jar.
        channels = new ChannelFunctions(this, "Channels", settings, settings.functionJar(JAR), notifications,
                platformEvents, publicBaseUrl);
        channels.allowApi(api);
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

    public ChannelFunctions channels() {
        return channels;
    }
}
