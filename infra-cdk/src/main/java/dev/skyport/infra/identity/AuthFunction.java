package dev.skyport.infra.identity;

import dev.skyport.identity.adapter.crypto.SecondFactorKeySettings;
import dev.skyport.identity.adapter.dynamodb.UserKeys;
import dev.skyport.identity.adapter.google.GoogleSettings;
import dev.skyport.identity.adapter.sqs.MailQueueSettings;
import dev.skyport.identity.application.EventMailRules;
import dev.skyport.identity.config.EventMailSettings;
import dev.skyport.identity.config.AdministratorSettings;
import dev.skyport.identity.config.IdentitySettings;
import dev.skyport.infra.ReservedConcurrency;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.TokenKeys;
import dev.skyport.infra.api.WatchedDeadLetters;
import dev.skyport.mail.adapter.ses.MailSettings;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.events.EventSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The auth function and its routes: sign-up, verification, login, Google sign-in, refresh, logout, tickets. Its
 * role may read and write the users table, read the signing key, send e-mail as the SES identity only, and
 * publish to the platform-events topic (a password reset, a Google account linked: the person is notified), and
 * send to the mail queue. The queue's consumer (MailWork, same jar) does the mail work of sign-up, resend and "forgot
 * password"; it may touch only the users-table items of that work and send as the SES identity. The event-mail
 * consumer (EventMail, same jar) mails people about events of the kinds they have on; it reads people's items, claims
 * and counts its mails, and sends as the SES identity.
 */
public class AuthFunction extends Construct {

    private final SkyportFunction function;
    private final Queue mailQueue;
    private final SkyportFunction mailWork;
    private final WatchedDeadLetters mailDeadLetters;
    private final Queue eventMailQueue;
    private final SkyportFunction eventMail;
    private final WatchedDeadLetters eventMailDeadLetters;

    public AuthFunction(Construct scope, String id, SkyportSettings settings, HttpApi api, String publicBaseUrl,
                        ITable users, TokenKeys tokenKeys, ITopic platformEvents) {
        super(scope, id);
        function = new SkyportFunction(this, "Function", settings.functionJar("auth"), "dev.skyport.auth.AuthHandler",
                Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.USERS)), users.getTableName(),
                        EnvironmentNames.of(MailSettings.SENDER), settings.mailSender(),
                        EnvironmentNames.of(AdministratorSettings.ADMIN_EMAILS), settings.adminEmails(),
                        EnvironmentNames.of(GoogleSettings.CLIENT_ID), settings.googleClientId(),
                        EnvironmentNames.of(IdentitySettings.PUBLIC_BASE_URL), publicBaseUrl,
                        EnvironmentNames.of(EventSettings.TOPIC_ARN), platformEvents.getTopicArn()));
        users.grantReadWriteData(function.role());
        // It checks personal access tokens (reads them, records their use) but never makes or deletes one.
        function.denyTokenManagement(users);
        platformEvents.grantPublish(function.role());
        tokenKeys.issue(function);
        // Every anonymous route runs here: a flood of them (past their route limits, or from many of them at once)
        // must not take the whole account's concurrency from the signed-in routes and the event functions, and
        // sign-in keeps this much whatever the others do (ReservedConcurrency, skyport:reservedConcurrency).
        ReservedConcurrency.of(settings.reservedConcurrency().auth()).ifPresent(reservation ->
                ((CfnFunction) function.function().getNode().getDefaultChild())
                        .setReservedConcurrentExecutions(reservation));
        Stack stack = Stack.of(this);
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ses:SendEmail"))
                .resources(List.of(stack.formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("ses").resource("identity").resourceName(settings.sesIdentity()).build())))
                .build());
        function.routes(api, "Auth", settings.functionJar("auth"), "auth");
        function.acknowledgeIndexGrant("UsersTable");

        // Sign-up, resend and "forgot password" only enqueue their mail work (issue 27.10: the answer must not take
        // longer for an address with an account); the consumer in the same jar does it.
        mailDeadLetters = new WatchedDeadLetters(this, "MailDeadLetters", "the mail queue",
                "Mail requests (a verification or reset link, a sign-up attempt notice) failed "
                        + MAX_RECEIVES + " times: those people got no mail. The message holds the request (an address"
                        + " or a user id, never a token). Fix the cause (SES, the users table), then redrive the"
                        + " queue to the mail queue; each request is sent at most once.");
        mailQueue = Queue.Builder.create(this, "MailQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(software.amazon.awscdk.Duration.seconds(
                        VISIBILITY_PER_TIMEOUT * CONSUMER_TIMEOUT_SECONDS))
                .retentionPeriod(software.amazon.awscdk.Duration.days(1))
                .deadLetterQueue(DeadLetterQueue.builder().queue(mailDeadLetters.queue())
                        .maxReceiveCount(MAX_RECEIVES).build())
                .build();
        function.function().addEnvironment(EnvironmentNames.of(MailQueueSettings.URL), mailQueue.getQueueUrl());
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(mailQueue.getQueueArn()))
                .build());

        mailWork = new SkyportFunction(this, "MailWork", settings.functionJar("auth"),
                "dev.skyport.auth.MailWorkHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.USERS)), users.getTableName(),
                        EnvironmentNames.of(MailSettings.SENDER), settings.mailSender(),
                        EnvironmentNames.of(AdministratorSettings.ADMIN_EMAILS), settings.adminEmails(),
                        EnvironmentNames.of(IdentitySettings.PUBLIC_BASE_URL), publicBaseUrl));
        mailWork.withoutSnapStart();
        // Only the items of the work: the account by its address, its new link, the per-recipient counter and the
        // request's claim.
        mailWork.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem"))
                .resources(List.of(users.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                        UserKeys.MAIL_WORK_PARTITIONS.stream().map(prefix -> prefix + "*").toList())))
                .build());
        mailWork.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ses:SendEmail"))
                .resources(List.of(stack.formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("ses").resource("identity").resourceName(settings.sesIdentity()).build())))
                .build());
        mailWork.live().addEventSource(SqsEventSource.Builder.create(mailQueue)
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build());

        // Mails about events (a failed run, an expiry, a failed re-verification, a security event, a channel turned
        // off) to people who have that kind on: identity knows the addresses, so the consumer is here. The queue is
        // subscribed to the topic (raw delivery, only the types that make a mail); the channel delivery also sends
        // it channel.disabled, which is on no topic (ChannelFunctions.mailOwnersThrough).
        eventMailDeadLetters = new WatchedDeadLetters(this, "EventMailDeadLetters", "the event-mail queue",
                "Mails about events (a failed run, an expiry, ...) failed " + MAX_RECEIVES + " times: those people"
                        + " got no mail for them. The message is the event (ids, names, a reason; no secret). Fix"
                        + " the cause (SES, the users table), then redrive the queue to the event-mail queue; each"
                        + " event is mailed at most once.");
        eventMailQueue = Queue.Builder.create(this, "EventMailQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(software.amazon.awscdk.Duration.seconds(
                        VISIBILITY_PER_TIMEOUT * CONSUMER_TIMEOUT_SECONDS))
                .retentionPeriod(software.amazon.awscdk.Duration.days(1))
                .deadLetterQueue(DeadLetterQueue.builder().queue(eventMailDeadLetters.queue())
                        .maxReceiveCount(MAX_RECEIVES).build())
                .build();
        platformEvents.addSubscription(SqsSubscription.Builder.create(eventMailQueue)
                .rawMessageDelivery(true)
                .deadLetterQueue(eventMailDeadLetters.queue())
                .filterPolicy(Map.of("type", SubscriptionFilter.stringFilter(StringConditions.builder()
                        .allowlist(EventMailRules.TOPIC_EVENT_TYPES).build())))
                .build());
        eventMail = new SkyportFunction(this, "EventMail", settings.functionJar("auth"),
                "dev.skyport.auth.EventMailHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.USERS)), users.getTableName(),
                        EnvironmentNames.of(MailSettings.SENDER), settings.mailSender(),
                        EnvironmentNames.of(AdministratorSettings.ADMIN_EMAILS), settings.adminEmails(),
                        EnvironmentNames.of(IdentitySettings.PUBLIC_BASE_URL), publicBaseUrl));
        eventMail.withoutSnapStart();
        // It reads a person's item (address, preferences) and writes nothing there; it claims the event's mail and
        // counts mails per recipient. No other item of the table, no token, no link.
        eventMail.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem"))
                .resources(List.of(users.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                        List.of(UserKeys.USER_PREFIX + "*"))))
                .build());
        eventMail.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"))
                .resources(List.of(users.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                        List.of(UserKeys.COUNTER_PREFIX + "*", UserKeys.MAIL_WORK_PREFIX + "*"))))
                .build());
        eventMail.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ses:SendEmail"))
                .resources(List.of(stack.formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("ses").resource("identity").resourceName(settings.sesIdentity()).build())))
                .build());
        eventMail.live().addEventSource(SqsEventSource.Builder.create(eventMailQueue)
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build());
    }

    /**
     * Gives the API function the key material of second factors (TOTP secrets, recovery codes): read only, and only
     * this function; the mail consumer beside it never sees it. The key versions, when given (a rotation's step),
     * are what the secret must list: the function is published anew, and reads the secret again.
     */
    public void sealSecondFactors(ISecret key, Optional<String> keyVersions) {
        function.function().addEnvironment(EnvironmentNames.of(SecondFactorKeySettings.KEY_SECRET_ID),
                key.getSecretArn());
        keyVersions.filter(versions -> !versions.isBlank()).ifPresent(versions -> {
            if (!versions.matches("v[1-9][0-9]{0,3}(,v[1-9][0-9]{0,3})*")) {
                throw new IllegalArgumentException("skyport:mfaKeyVersions lists key versions, current first: v2,v1");
            }
            function.function().addEnvironment(EnvironmentNames.of(SecondFactorKeySettings.KEY_VERSIONS), versions);
        });
        key.grantRead(function.role());
    }

    /** The consumer's timeout (SkyportFunction's): the queue's visibility timeout is six times it, as AWS advises. */
    static final int CONSUMER_TIMEOUT_SECONDS = 20;
    static final int VISIBILITY_PER_TIMEOUT = 9;
    static final int MAX_RECEIVES = 5;

    public Queue mailQueue() {
        return mailQueue;
    }

    public SkyportFunction mailWork() {
        return mailWork;
    }

    public WatchedDeadLetters mailDeadLetters() {
        return mailDeadLetters;
    }

    /**
     * The channel delivery's role may queue {@code channel.disabled} on the event-mail queue, and nothing else: the
     * consumer checks each message's SQS {@code SenderId} against the role's unique id
     * ({@code EventMailRules.refusedSender}).
     */
    public void takeChannelMailFrom(Role channelDelivery) {
        eventMail.function().addEnvironment(EnvironmentNames.of(EventMailSettings.CHANNEL_SENDER),
                channelDelivery.getRoleId());
    }

    /** Identity's queue of events to mail people about. */
    public Queue eventMailQueue() {
        return eventMailQueue;
    }

    public SkyportFunction eventMail() {
        return eventMail;
    }

    public WatchedDeadLetters eventMailDeadLetters() {
        return eventMailDeadLetters;
    }

    public SkyportFunction function() {
        return function;
    }
}
