package dev.skyport.infra.notifications;

import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.WatchedDeadLetters;
import dev.skyport.notifications.adapter.dynamodb.DynamoDbChannels;
import dev.skyport.notifications.adapter.dynamodb.DynamoDbNotifications;
import dev.skyport.notifications.application.ChannelRules;
import dev.skyport.notifications.config.ChannelSettings;
import dev.skyport.notifications.config.OwnerMailSettings;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;

/**
 * Outbound channels (webhooks, Slack) in AWS, from the notifications jar:
 * <ul>
 *   <li>the delivery queue (SQS, encrypted, TLS only): one message per attempt, delayed up to 15 minutes and sent on
 *   for longer waits; past {@link #MAX_RECEIVES} receives a message goes to a dead-letter queue whose alarm tells the
 *   operators;</li>
 *   <li>{@code ChannelEvents}, subscribed to the platform-events topic on the types channels send
 *   ({@code ChannelRules.EVENT_TYPES}): it reads the owner's channels and makes one delivery per channel, and
 *   queues it;</li>
 *   <li>{@code ChannelDelivery}, the queue's consumer (partial batch responses): it claims and records attempts,
 *   reads a channel's secret, queues retries, marks a failing channel and turns it off with a notification to its
 *   owner. It runs outside any VPC (it posts to people's receivers on the internet; Lambda has no instance metadata
 *   service), and its sender refuses private, loopback, link-local and metadata addresses anyway.</li>
 * </ul>
 * The API function (NotificationsFunction) makes channels and their secrets, and queues test events and
 * redeliveries. Channel secrets live under {@code skyport/channels/} only.
 */
public class ChannelFunctions extends Construct {

    public static final String SECRET_PREFIX = "skyport/channels/";
    static final int MAX_RECEIVES = 20;
    private static final String PK = "dynamodb:LeadingKeys";

    private final Queue queue;
    private final WatchedDeadLetters deadLetters;
    private final WatchedDeadLetters eventDeadLetters;
    private final SkyportFunction events;
    private final SkyportFunction delivery;

    public ChannelFunctions(Construct scope, String id, SkyportSettings settings, Path jar, ITable notifications,
                            ITopic platformEvents, String linkBase) {
        super(scope, id);
        deadLetters = new WatchedDeadLetters(this, "DeliveryDeadLetters", "the channel delivery queue",
                "A webhook or Slack delivery attempt failed to be worked on " + MAX_RECEIVES + " times (not a"
                        + " receiver's 500: those are retried by the delivery itself). The message holds ids only."
                        + " Fix the cause (the notifications table, Secrets Manager), then redrive it: an attempt"
                        + " already made is not made again.");
        queue = Queue.Builder.create(this, "DeliveryQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // six times the consumer's timeout, as AWS advises for a Lambda event source
                .visibilityTimeout(Duration.seconds(6L * CONSUMER_TIMEOUT_SECONDS))
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters.queue())
                        .maxReceiveCount(MAX_RECEIVES).build())
                .build();
        Map<String, String> environment = Map.of(
                EnvironmentNames.of(TableNames.property(SkyportTables.NOTIFICATIONS)), notifications.getTableName(),
                EnvironmentNames.of(ChannelSettings.QUEUE_URL), queue.getQueueUrl(),
                EnvironmentNames.of(ChannelSettings.LINK_BASE), linkBase);

        events = new SkyportFunction(this, "Events", jar, "dev.skyport.notifications.ChannelEventsHandler",
                environment);
        events.withoutSnapStart();
        // The owner's channels (Query; on user.deleted each is deleted, with its secret), and one delivery item per
        // channel (conditional Put; Get when it exists).
        allow(events, notifications.getTableArn(), List.of(DynamoDbChannels.CHANNELS_PREFIX + "*"),
                "dynamodb:Query", "dynamodb:DeleteItem");
        events.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:DeleteSecret")).resources(List.of(secrets(this))).build());
        acknowledgeSecrets(events, "One secret per channel, created at run time under the channels prefix; a deleted"
                + " account's channels' secrets are deleted.");
        allow(events, notifications.getTableArn(), List.of(DynamoDbChannels.ENDPOINT_PREFIX + "*"),
                "dynamodb:PutItem", "dynamodb:GetItem");
        sendTo(events);
        eventDeadLetters = new WatchedDeadLetters(this, "EventsDeadLetters",
                "the channel-events subscription and of its function's asynchronous invocations",
                "An event could not be turned into webhook and Slack deliveries: people's channels missed it. Read"
                        + " the message, fix the cause, redrive it (a delivery is made once per event and channel).");
        events.live().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(2)
                .onFailure(new SqsDestination(eventDeadLetters.queue()))
                .build());
        platformEvents.addSubscription(LambdaSubscription.Builder.create(events.live())
                .deadLetterQueue(eventDeadLetters.queue())
                .filterPolicy(Map.of("type", SubscriptionFilter.stringFilter(StringConditions.builder()
                        .allowlist(ChannelRules.EVENT_TYPES).build())))
                .build());

        delivery = new SkyportFunction(this, "Delivery", jar, "dev.skyport.notifications.ChannelDeliveryHandler",
                environment);
        delivery.withoutSnapStart();
        // A channel (Get), its failing mark and its turning off (Update)...
        allow(delivery, notifications.getTableArn(), List.of(DynamoDbChannels.CHANNELS_PREFIX + "*"),
                "dynamodb:GetItem", "dynamodb:UpdateItem");
        // ... a delivery's claim and record, and the history line (Get, Update, Put in one transaction)...
        allow(delivery, notifications.getTableArn(), List.of(DynamoDbChannels.ENDPOINT_PREFIX + "*"),
                "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem");
        // ... and the owner's notification when a channel is turned off (a Put and the unread count's Update).
        allow(delivery, notifications.getTableArn(), List.of(DynamoDbNotifications.OWNER_PREFIX + "*"),
                "dynamodb:PutItem", "dynamodb:UpdateItem");
        delivery.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue")).resources(List.of(secrets(this))).build());
        acknowledgeSecrets(delivery, "One secret per channel, created at run time under the channels prefix; the"
                + " delivery reads the channel's signing secret or Slack URL to send.");
        sendTo(delivery);
        delivery.live().addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build());
    }

    /**
     * The delivery tells a channel's owner by e-mail when it turns the channel off: it may send to identity's
     * event-mail queue, and to nothing else of identity's (it may not publish on the platform-events topic, whose
     * events every context acts on).
     */
    public void mailOwnersThrough(IQueue eventMail) {
        delivery.function().addEnvironment(EnvironmentNames.of(OwnerMailSettings.QUEUE_URL), eventMail.getQueueUrl());
        delivery.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage")).resources(List.of(eventMail.getQueueArn())).build());
    }

    /** The consumer's timeout (SkyportFunction's). */
    static final int CONSUMER_TIMEOUT_SECONDS = 20;

    /** The API function's grants: it makes and removes channels' secrets, and queues tests and redeliveries. */
    public void allowApi(SkyportFunction api) {
        api.function().addEnvironment(EnvironmentNames.of(ChannelSettings.QUEUE_URL), queue.getQueueUrl());
        sendTo(api);
        api.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:CreateSecret", "secretsmanager:GetSecretValue",
                        "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:TagResource"))
                .resources(List.of(secrets(this))).build());
        acknowledgeSecrets(api, "One secret per channel, created at run time: the names are known only by the"
                + " channels prefix.");
    }

    private void sendTo(SkyportFunction function) {
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage")).resources(List.of(queue.getQueueArn())).build());
    }

    private static void allow(SkyportFunction function, String table, List<String> partitions, String... actions) {
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(actions))
                .resources(List.of(table))
                .conditions(Map.of("ForAllValues:StringLike", Map.of(PK, partitions)))
                .build());
    }

    static String secrets(Construct scope) {
        return Stack.of(scope).formatArn(ArnComponents.builder().service("secretsmanager").resource("secret")
                .resourceName(SECRET_PREFIX + "*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }

    private static void acknowledgeSecrets(SkyportFunction function, String why) {
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(why)
                .appliesTo(List.of(RegexAppliesTo.builder()
                        .regex("/^Resource::arn:.*:secretsmanager:.*:secret:skyport\\/channels\\/\\*$/g")
                        .build()))
                .build()), true);
    }

    public Queue queue() {
        return queue;
    }

    public WatchedDeadLetters deadLetters() {
        return deadLetters;
    }

    public WatchedDeadLetters eventDeadLetters() {
        return eventDeadLetters;
    }

    public SkyportFunction events() {
        return events;
    }

    public SkyportFunction delivery() {
        return delivery;
    }
}
