package dev.skyport.infra.realtime;

import dev.skyport.clusters.adapter.dynamodb.ClusterKeys;
import dev.skyport.identity.adapter.dynamodb.UserKeys;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.WatchedDeadLetters;
import dev.skyport.notifications.adapter.dynamodb.DynamoDbConnections;
import dev.skyport.notifications.application.NotificationRules;
import dev.skyport.notifications.config.NotificationsFactory;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableDefinition;
import dev.skyport.platform.dynamodb.TableNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.destinations.LambdaDestination;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.constructs.Construct;

/**
 * The realtime jar, deployed as three functions (one per handler, each with its own role, so that each may do only
 * what its handler does; they share the jar and its environment: every table name and the stage's callback URL):
 * <ul>
 *   <li>{@code WebSocket} serves the WebSocket API's {@code $connect}, {@code $disconnect} and {@code $default}. It
 *   redeems tickets (deletes ticket items of the users table), reads whether the session or personal access token
 *   that asked for a ticket still works (the HTTP functions' liveness and token-check reads, nothing else of the
 *   table) and writes and deletes connection items. It pushes nothing and publishes nothing.</li>
 *   <li>{@code LiveEvents} is subscribed to the platform-events topic, filtered on the event types it handles
 *   ({@code NotificationRules.EVENT_TYPES}, read from this very jar: those that may notify, and {@code user.deleted},
 *   which erases the person's notifications). It writes, finds and deletes items of people's partitions in the
 *   notifications table, finds a person's connections, forgets closed ones and pushes.</li>
 *   <li>{@code RunLogs} is fed by a subscription filter on the Terraform tasks' log group. It finds a run by its log
 *   stream ({@code byLogStream}), numbers the lines on the run's item (two attributes only), finds the
 *   owner's connections, forgets closed ones and pushes.</li>
 * </ul>
 * Each function reads one item by GetItem: the connections table's {@code PRIME} item, which does not exist, when
 * SnapStart primes the DynamoDB client. An event the two event functions cannot handle ends in a dead-letter queue
 * with an alarm on it.
 */
public class RealtimeFunctions extends Construct {

    private static final String JAR = "realtime";
    private static final String PK = "dynamodb:LeadingKeys";

    private final SkyportFunction webSocket;
    private final SkyportFunction liveEvents;
    private final SkyportFunction runLogs;
    private final WatchedDeadLetters liveEventsDeadLetters;
    private final WatchedDeadLetters runLogsDeadLetters;
    private final software.amazon.awscdk.services.logs.SubscriptionFilter taskLogLines;

    public RealtimeFunctions(Construct scope, String id, SkyportSettings settings, WebSocketEndpoint endpoint,
                             ITable users, ITable connections, ITable notifications, ITable clusters,
                             ITopic platformEvents, ILogGroup taskLogs) {
        super(scope, id);
        Path jar = settings.functionJar(JAR);
        Map<String, String> environment = Map.of(
                EnvironmentNames.of(TableNames.property(SkyportTables.USERS)), users.getTableName(),
                EnvironmentNames.of(TableNames.property(SkyportTables.CONNECTIONS)), connections.getTableName(),
                EnvironmentNames.of(TableNames.property(SkyportTables.NOTIFICATIONS)), notifications.getTableName(),
                EnvironmentNames.of(TableNames.property(SkyportTables.CLUSTERS)), clusters.getTableName(),
                EnvironmentNames.of(NotificationsFactory.REALTIME_CALLBACK_URL), endpoint.callbackUrl());

        webSocket = new SkyportFunction(this, "WebSocket", jar, "dev.skyport.realtime.WebSocketHandler",
                environment);
        allow(webSocket, users.getTableArn(), Map.of("ForAllValues:StringLike", Map.of(PK, List.of(UserKeys.WS_TICKET_PREFIX + "*"))),
                "dynamodb:DeleteItem");
        // ... and opens a socket only while the session or personal access token that asked for the ticket works.
        webSocket.allowSessionChecks(users);
        webSocket.allowTokenChecks(users);
        allow(webSocket, connections.getTableArn(), connectionItems(), "dynamodb:PutItem", "dynamodb:DeleteItem");
        allowPriming(webSocket, connections);
        endpoint.routeAllTo(webSocket.live());

        liveEvents = new SkyportFunction(this, "LiveEvents", jar, "dev.skyport.realtime.LiveEventsHandler",
                environment);
        // A notification and its owner's unread count in one transaction (a Put and an Update); on user.deleted,
        // the owner's items found (Query) and deleted one by one. People's partitions only.
        allow(liveEvents, notifications.getTableArn(),
                Map.of("ForAllValues:StringLike", Map.of(PK, List.of(UserKeys.USER_PREFIX + "*"))),
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:DeleteItem");
        // ... and closes a person's connections when their sessions end (password changed or reset, account deleted).
        pushToConnections(liveEvents, endpoint, connections, true);
        allowPriming(liveEvents, connections);

        runLogs = new SkyportFunction(this, "RunLogs", jar, "dev.skyport.realtime.RunLogsHandler", environment);
        allow(runLogs, indexArn(clusters, SkyportTables.CLUSTERS, "logStream"), Map.of(), "dynamodb:Query");
        allow(runLogs, clusters.getTableArn(), Map.of(
                        "ForAllValues:StringLike", Map.of(PK, List.of(ClusterKeys.RUN_PREFIX + "*")),
                        "ForAllValues:StringEquals", Map.of("dynamodb:Attributes", List.of(
                                SkyportTables.CLUSTERS.partitionKey(), SkyportTables.CLUSTERS.sortKey(),
                                "lastEventId", "sentLines")),
                        "StringEqualsIfExists", Map.of("dynamodb:ReturnValues",
                                List.of("NONE", "UPDATED_OLD", "UPDATED_NEW"))),
                "dynamodb:UpdateItem");
        pushToConnections(runLogs, endpoint, connections, false);
        allowPriming(runLogs, connections);

        liveEventsDeadLetters = new WatchedDeadLetters(this, "LiveEventsDeadLetters",
                "the live-events subscription and of the live-events function's asynchronous invocations",
                "An event for live status could not be handled: a notification may be missing (and was not pushed),"
                        + " or a deleted account's notifications may remain. Read the message, fix the cause, redrive"
                        + " it (an event delivered again makes no second notification).");
        // Lambda retries a failed event twice, then hands it here; SNS does the same when it cannot invoke at all.
        liveEvents.live().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(2)
                .onFailure(new SqsDestination(liveEventsDeadLetters.queue()))
                .build());
        platformEvents.addSubscription(LambdaSubscription.Builder.create(liveEvents.live())
                .deadLetterQueue(liveEventsDeadLetters.queue())
                .filterPolicy(Map.of("type", SubscriptionFilter.stringFilter(StringConditions.builder()
                        .allowlist(NotificationRules.EVENT_TYPES).build())))
                .build());

        runLogsDeadLetters = new WatchedDeadLetters(this, "RunLogsDeadLetters",
                "the run-logs function's asynchronous invocations",
                "Lines of a run's Terraform output could not be sent live; they are still in the tasks' log group"
                        + " and the cluster's logs route serves them. Read the message for the cause; a redriven"
                        + " batch is sent only if the run has not moved past it.");
        runLogs.live().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(2)
                .onFailure(new SqsDestination(runLogsDeadLetters.queue()))
                .build());
        taskLogLines = software.amazon.awscdk.services.logs.SubscriptionFilter.Builder.create(this, "TaskLogLines")
                .logGroup(taskLogs)
                .filterPattern(FilterPattern.allEvents())
                .destination(new LambdaDestination(runLogs.live()))
                .build();
    }

    /**
     * Find a person's open connections ({@code byUser}), forget those a push finds closed, and push: what both event
     * functions do with every message they send.
     */
    private static void pushToConnections(SkyportFunction function, WebSocketEndpoint endpoint, ITable connections,
                                          boolean alsoClose) {
        allow(function, indexArn(connections, SkyportTables.CONNECTIONS, "user"), Map.of(), "dynamodb:Query");
        allow(function, connections.getTableArn(), connectionItems(), "dynamodb:DeleteItem");
        endpoint.allowPushes(function, alsoClose);
    }

    /** Connection items and nothing else of the table. */
    private static Map<String, Object> connectionItems() {
        return Map.of("ForAllValues:StringLike", Map.of(PK, List.of(DynamoDbConnections.CONNECTION_PREFIX + "*")));
    }

    /**
     * SnapStart priming (platform ClientPrimer) reads the item {@code PRIME / PRIME} of the jar's prime table, the
     * connections table: that item, which never exists, and no other.
     */
    private static void allowPriming(SkyportFunction function, ITable connections) {
        allow(function, connections.getTableArn(),
                Map.of("ForAllValues:StringEquals", Map.of(PK, List.of("PRIME"))), "dynamodb:GetItem");
    }

    private static void allow(SkyportFunction function, String resource, Map<String, Object> conditions,
                              String... actions) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create()
                .actions(List.of(actions))
                .resources(List.of(resource));
        if (!conditions.isEmpty()) {
            statement.conditions(conditions);
        }
        function.role().addToPrincipalPolicy(statement.build());
    }

    /** The ARN of the table's index whose partition key is this attribute. */
    private static String indexArn(ITable table, TableDefinition definition, String partitionKey) {
        TableDefinition.GlobalIndex index = definition.globalIndexes().stream()
                .filter(candidate -> candidate.partitionKey().equals(partitionKey)).findFirst()
                .orElseThrow(() -> new IllegalStateException(definition.logicalName() + " has no index on "
                        + partitionKey));
        return table.getTableArn() + "/index/" + index.name();
    }

    public SkyportFunction webSocket() {
        return webSocket;
    }

    public SkyportFunction liveEvents() {
        return liveEvents;
    }

    public SkyportFunction runLogs() {
        return runLogs;
    }

    /** Where notifying events end that the live-events function could not handle. */
    public WatchedDeadLetters liveEventsDeadLetters() {
        return liveEventsDeadLetters;
    }

    /** Where batches of run log lines end that could not be sent. */
    public WatchedDeadLetters runLogsDeadLetters() {
        return runLogsDeadLetters;
    }

    public software.amazon.awscdk.services.logs.SubscriptionFilter taskLogLines() {
        return taskLogLines;
    }
}
