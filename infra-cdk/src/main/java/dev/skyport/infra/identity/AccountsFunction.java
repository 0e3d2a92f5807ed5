package dev.skyport.infra.identity;

import dev.skyport.identity.adapter.google.GoogleSettings;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.TokenKeys;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.events.EventSettings;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The accounts function and its routes: profile, username and password changes, deletion, user administration.
 * Its role touches only the users table, reads the signing key (it issues fresh tokens) and publishes to the
 * platform-events topic ({@code user.deleted}). It sends no e-mail. A scheduled sibling publishes the events that
 * could not reach the topic when they happened.
 */
public class AccountsFunction extends Construct {

    private final SkyportFunction function;
    private final SkyportFunction pendingEvents;

    public AccountsFunction(Construct scope, String id, SkyportSettings settings, HttpApi api, ITable users,
                            ITable clusters, TokenKeys tokenKeys, ITopic platformEvents) {
        super(scope, id);
        function = new SkyportFunction(this, "Function", settings.functionJar("accounts"),
                "dev.skyport.accounts.AccountsHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.USERS)), users.getTableName(),
                        EnvironmentNames.of(EventSettings.TOPIC_ARN), platformEvents.getTopicArn(),
                        EnvironmentNames.of(GoogleSettings.CLIENT_ID), settings.googleClientId()));
        users.grantReadWriteData(function.role());
        function.readDependents(clusters);
        // The deletion's transaction checks the owner's count of clusters (UserHasClusters): a read, no write.
        clusters.grant(function.role(), "dynamodb:ConditionCheckItem");
        tokenKeys.issue(function);
        platformEvents.grantPublish(function.role());
        function.routes(api, "Accounts", settings.functionJar("accounts"), "accounts");
        function.acknowledgeIndexGrant("UsersTable");

        // Events stored with their change while the topic was down are published by this one, every 5 minutes.
        pendingEvents = new SkyportFunction(this, "PendingEvents", settings.functionJar("accounts"),
                "dev.skyport.accounts.PendingEventsHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.USERS)), users.getTableName(),
                        EnvironmentNames.of(EventSettings.TOPIC_ARN), platformEvents.getTopicArn()));
        users.grantReadWriteData(pendingEvents.role());
        pendingEvents.denyTokenManagement(users);
        platformEvents.grantPublish(pendingEvents.role());
        pendingEvents.acknowledgeIndexGrant("UsersTable");
        Rule.Builder.create(this, "PendingEventsSchedule")
                .description("Publishes domain events that could not reach the topic when they happened")
                .schedule(Schedule.rate(Duration.minutes(5)))
                .targets(List.of(new LambdaFunction(pendingEvents.live())))
                .build();
    }

    public SkyportFunction function() {
        return function;
    }

    public SkyportFunction pendingEvents() {
        return pendingEvents;
    }
}
