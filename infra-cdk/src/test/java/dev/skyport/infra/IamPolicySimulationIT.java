package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.infra.IamSimulator.Decision;
import dev.skyport.infra.IamSimulator.Principal;
import dev.skyport.infra.IamSimulator.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every AWS call Skyport makes, decided by an IAM policy simulator Skyport did not write
 * ({@code @cloud-copilot/iam-simulate}) over the synthesized templates, with the role that makes it: the Java SDK
 * calls of each function (every call site in the Lambda jars' bytecode must be in this table, so a new SDK call
 * without its permission fails here), every {@code aws} and broker call of the Terraform task's entry script (read
 * from the script itself), and every service integration of the provisioning state machine (read from its ASL).
 * What must be refused is in the table too, and must be refused. The whole table is printed.
 */
class IamPolicySimulationIT {

    private static final String OWNER = "5f1c0d2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5";
    private static final String OTHER_OWNER = "0a0a0a0a-1b1b-4c4c-8d8d-2e2e2e2e2e2e";
    private static final String CUSTOMER_ACCOUNT = "210987654321";
    /** Classes that call AWS but run in no Lambda function, and why. */
    private static final Map<String, String> NOT_RUN_IN_AWS = Map.of(
            "dev.skyport.platform.dynamodb.DynamoDbTableProvisioner",
            "tables are CloudFormation's in AWS; only the local platform and tests create them");
    /** Calls AWS answers whatever the caller's policies say. */
    private static final Set<String> NEED_NO_PERMISSION = Set.of("sts:GetCallerIdentity");

    private static DeployedValues values;
    private static IamSimulator iam;
    private static final List<Expectation> TABLE = new ArrayList<>();
    private static List<Decision> decisions;

    /** One row: who (component), from where (call site), the request, and whether it must be allowed. */
    record Expectation(String component, String site, Request request, boolean allowed) {
    }

    @BeforeAll
    static void simulate() throws IOException {
        values = new DeployedValues(SynthesizedApp.get().templates());
        iam = new IamSimulator(values);
        functions();
        stateMachine();
        terraformTask();
        broker();
        preflight();
        console();
        functionLogs();
        alarms();
        denials();
        decisions = IamSimulator.decide(TABLE.stream().map(Expectation::request).toList());
        System.out.println(table());
    }

    // --- the table ------------------------------------------------------------------------------------------------

    private static final Map<String, Principal> ROLES = new LinkedHashMap<>();

    private static Principal role(String component) {
        return ROLES.computeIfAbsent(component, c -> iam.role(rolePrefix(c)));
    }

    private static String rolePrefix(String component) {
        return switch (component) {
            case "auth" -> "AuthFunctionRole";
            case "mail work" -> "AuthMailWorkRole";
            case "event mail" -> "AuthEventMailRole";
            case "accounts" -> "AccountsFunctionRole";
            case "accounts pending-events" -> "AccountsPendingEventsRole";
            case "cloud-accounts" -> "CloudAccountsFunctionRole";
            case "cloud-accounts user-deleted" -> "CloudAccountsUserDeletedRole";
            case "clusters" -> "ClustersFunctionRole";
            case "clusters backstop" -> "ClustersWorkflowBackstopRole";
            case "clusters expiry" -> "ClustersExpirySweepRole";
            case "clusters expiry-schedules" -> "ClustersExpirySchedulesRole";
            case "expiry scheduler" -> "ClustersExpirySchedulerRole";
            case "notifications" -> "NotificationsFunctionRole";
            case "channel events" -> "NotificationsChannelsEventsRole";
            case "channel delivery" -> "NotificationsChannelsDeliveryRole";
            case "realtime websocket" -> "RealtimeWebSocketRole";
            case "realtime live-events" -> "RealtimeLiveEventsRole";
            case "realtime run-logs" -> "RealtimeRunLogsRole";
            case "stream-publisher" -> "StreamPublisherFunctionRole";
            case "audit archive" -> "AuditArchiveFunctionRole";
            case "state machine" -> "StateMachineRole";
            case "terraform task" -> "TerraformTaskTaskRole";
            case "terraform task execution" -> "TerraformTaskExecutionRole";
            case "run broker" -> "RunBrokerFunctionRole";
            case "run preflight" -> "RunPreflightFunctionRole";
            case "workflow report" -> "WorkflowReportRole";
            case "console deployment" -> "CustomCDKBucketDeployment";
            default -> throw new IllegalArgumentException("no role for " + component);
        };
    }

    private static void allow(String component, String site, String action, String resource, Object... context) {
        TABLE.add(new Expectation(component, site, new Request(role(component), action, resource, context(context)),
                true));
    }

    private static void deny(String component, String why, String action, String resource, Object... context) {
        TABLE.add(new Expectation(component, why, new Request(role(component), action, resource, context(context)),
                false));
    }

    /** A request to another account, which that account's resource policy must allow too. */
    private static void across(String component, String site, boolean allowed, String action, String resource,
                               JsonNode resourcePolicy, Object... context) {
        TABLE.add(new Expectation(component, site, new Request(role(component), action, resource, context(context),
                resourcePolicy), allowed));
    }

    private static Map<String, Object> context(Object... keysAndValues) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return context;
    }

    private static CustomerAccount customer;

    /**
     * The customer's account as the README sets it up (permissions/aws-skyport.template.json), trusting Skyport's
     * principals as GET /cloud-accounts/aws/external-id names them: the verifier, the run broker and the preflight.
     */
    private static CustomerAccount customer() {
        if (customer == null) {
            customer = new CustomerAccount(List.of(role("cloud-accounts").arn(), role("run broker").arn(),
                    role("run preflight").arn()));
        }
        return customer;
    }

    private static final String EXTERNAL_ID = CustomerAccount.EXTERNAL_ID;

    private static JsonNode customerTrustPolicy() {
        return customer().trustPolicy();
    }

    private static String table(String logicalIdPrefix) {
        Map.Entry<String, String> table = values.find("AWS::DynamoDB::GlobalTable", logicalIdPrefix);
        return values.getAtt(table.getKey(), table.getValue(), "Arn");
    }

    private static String ref(String type, String logicalIdPrefix) {
        Map.Entry<String, String> found = values.find(type, logicalIdPrefix);
        return values.ref(found.getKey(), found.getValue());
    }

    private static String cloudAccountSecret(String owner) {
        return "arn:aws:secretsmanager:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT
                + ":secret:skyport/cloud-accounts/" + owner + "/3d4c5b6a-7e8f-4a1b-9c2d-3e4f5a6b7c8d-AbCdEf";
    }

    private static final String USERS = "UsersTable";
    private static final String CLUSTERS = "ClustersTable";
    private static final String CLOUD_ACCOUNTS = "CloudAccountsTable";
    private static final String NOTIFICATIONS = "NotificationsTable";
    private static final String CONNECTIONS = "ConnectionsTable";
    private static final String AUDIT = "AuditTable";
    /** The functions that append to the audit log: every HTTP function and the stream publisher. */
    private static final List<String> AUDIT_RECORDERS = List.of("auth", "accounts", "cloud-accounts", "clusters",
            "notifications", "stream-publisher");
    private static final List<String> ITEM_WRITES = List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem");

    /** Every item action of a store class on its table. */
    private static void store(String component, String site, String tablePrefix, List<String> actions,
                              Object... context) {
        for (String action : actions) {
            allow(component, site, action, table(tablePrefix), context);
        }
    }

    /**
     * The mail queue (issue 27.10): the auth API only sends to it; its consumer reads the account by its address,
     * saves the new link, counts mails per recipient and claims the request, and sends as the SES identity.
     */
    private static void mailWork() {
        Map.Entry<String, String> queue = values.find("AWS::SQS::Queue", "AuthMailQueue");
        String queueArn = values.getAtt(queue.getKey(), queue.getValue(), "Arn");
        allow("auth", "dev.skyport.identity.adapter.sqs.SqsMailQueue", "sqs:SendMessage", queueArn);
        deny("auth", "the auth API receives (and so could drop) mail requests", "sqs:ReceiveMessage", queueArn);
        deny("auth", "the auth API purges the mail queue", "sqs:PurgeQueue", queueArn);

        String users = "dev.skyport.identity.adapter.dynamodb.DynamoDbUsers";
        String tokens = "dev.skyport.identity.adapter.dynamodb.SingleUseTokenItems";
        String counters = "dev.skyport.identity.adapter.dynamodb.DynamoDbCounters";
        String claims = "dev.skyport.identity.adapter.dynamodb.DynamoDbMailClaims";
        store("mail work", users, USERS, List.of("dynamodb:GetItem"), "dynamodb:LeadingKeys",
                List.of("EMAIL#ada@example.com"));
        store("mail work", users, USERS, List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), "dynamodb:LeadingKeys",
                List.of("USER#" + OWNER));
        store("mail work", tokens, USERS, List.of("dynamodb:PutItem"), "dynamodb:LeadingKeys",
                List.of("RESET#0a1b2c3d"));
        store("mail work", tokens, USERS, List.of("dynamodb:PutItem"), "dynamodb:LeadingKeys",
                List.of("VERIFY#0a1b2c3d"));
        store("mail work", counters, USERS, List.of("dynamodb:UpdateItem", "dynamodb:PutItem"),
                "dynamodb:LeadingKeys", List.of("LOCKOUT#MAILTO#0a1b2c3d"));
        store("mail work", claims, USERS, List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
                "dynamodb:LeadingKeys", List.of("MAILWORK#5b8f3c1e-7a2d-4e6f-9c0b-1d2e3f4a5b6c"));
        allow("mail work", "dev.skyport.mail.adapter.ses.SesMailer", "ses:SendEmail",
                "arn:aws:ses:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT + ":identity/skyport.example");

        deny("mail work", "the mail worker reads a refresh token", "dynamodb:GetItem", table(USERS),
                "dynamodb:LeadingKeys", List.of("REFRESH#0a1b2c3d"));
        deny("mail work", "the mail worker lists the users", "dynamodb:Query", table(USERS),
                "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        deny("mail work", "the mail worker reads the clusters table", "dynamodb:GetItem", table(CLUSTERS));
        deny("mail work", "the mail worker reads the token signing keys", "secretsmanager:GetSecretValue",
                ref("AWS::SecretsManager::Secret", "TokenSigningKeys"));
        deny("mail work", "the mail worker enqueues mail requests itself", "sqs:SendMessage", queueArn);
        deny("mail work", "the mail worker publishes platform events", "sns:Publish",
                ref("AWS::SNS::Topic", "PlatformEvents"));
    }

    /**
     * Mails about events (issue 28): identity's event-mail queue gets the topic's events that make a mail, and
     * {@code channel.disabled} from the channel delivery; its consumer reads a person's item (address and
     * preferences), claims the event's mail, counts mails per recipient and sends as the SES identity. It changes no
     * person, reads no link, token or key, and announces nothing.
     */
    private static void eventMail() {
        Map.Entry<String, String> queue = values.find("AWS::SQS::Queue", "AuthEventMailQueue");
        String queueArn = values.getAtt(queue.getKey(), queue.getValue(), "Arn");
        Map.Entry<String, String> requests = values.find("AWS::SQS::Queue", "AuthMailQueue");
        String requestsArn = values.getAtt(requests.getKey(), requests.getValue(), "Arn");

        store("event mail", "dev.skyport.identity.adapter.dynamodb.DynamoDbMailPreferences", USERS,
                List.of("dynamodb:GetItem"), "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        store("event mail", "dev.skyport.identity.adapter.dynamodb.DynamoDbMailClaims", USERS,
                List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"), "dynamodb:LeadingKeys",
                List.of("MAILWORK#5b8f3c1e-7a2d-4e6f-9c0b-1d2e3f4a5b6c"));
        store("event mail", "dev.skyport.identity.adapter.dynamodb.DynamoDbCounters", USERS,
                List.of("dynamodb:UpdateItem", "dynamodb:PutItem"), "dynamodb:LeadingKeys",
                List.of("LOCKOUT#EVENTMAILTO#0a1b2c3d"));
        allow("event mail", "dev.skyport.mail.adapter.ses.SesMailer", "ses:SendEmail",
                "arn:aws:ses:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT + ":identity/skyport.example");
        allow("event mail", "Lambda's SQS event source, polling for the function", "sqs:ReceiveMessage", queueArn);
        allow("event mail", "Lambda's SQS event source, polling for the function", "sqs:DeleteMessage", queueArn);
        allow("channel delivery", "dev.skyport.notifications.adapter.sqs.SqsOwnerMail", "sqs:SendMessage", queueArn);

        deny("event mail", "the event mail changes a person", "dynamodb:UpdateItem", table(USERS),
                "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        deny("event mail", "the event mail finds an account by its address", "dynamodb:GetItem", table(USERS),
                "dynamodb:LeadingKeys", List.of("EMAIL#ada@example.com"));
        deny("event mail", "the event mail reads a refresh token", "dynamodb:GetItem", table(USERS),
                "dynamodb:LeadingKeys", List.of("REFRESH#0a1b2c3d"));
        deny("event mail", "the event mail makes a reset link", "dynamodb:PutItem", table(USERS),
                "dynamodb:LeadingKeys", List.of("RESET#0a1b2c3d"));
        deny("event mail", "the event mail lists the users", "dynamodb:Query", table(USERS),
                "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        deny("event mail", "the event mail reads the clusters table", "dynamodb:GetItem", table(CLUSTERS));
        deny("event mail", "the event mail reads the token signing keys", "secretsmanager:GetSecretValue",
                ref("AWS::SecretsManager::Secret", "TokenSigningKeys"));
        deny("event mail", "the event mail publishes platform events", "sns:Publish",
                ref("AWS::SNS::Topic", "PlatformEvents"));
        deny("event mail", "the event mail enqueues events itself", "sqs:SendMessage", queueArn);
        deny("event mail", "the event mail enqueues mail requests", "sqs:SendMessage", requestsArn);
        deny("channel delivery", "the delivery enqueues mail requests (reset links, ...)", "sqs:SendMessage",
                requestsArn);
        deny("channel delivery", "the delivery receives (and so could drop) the event mails", "sqs:ReceiveMessage",
                queueArn);
        deny("auth", "the auth API sends event mails' messages", "sqs:SendMessage", queueArn);
    }

    /**
     * Outbound channels (issue 28): the API makes and removes channels' secrets under skyport/channels/ and queues
     * tests and redeliveries; the events function reads a person's channels and makes deliveries; the delivery
     * function claims and records attempts, reads a channel's secret, marks and turns off a failing channel and
     * notifies its owner. None reads a cloud account's credentials, and neither event function makes secrets.
     */
    private static void channels() {
        String queue = queueArn("NotificationsChannelsDeliveryQueue");
        String channels = "dev.skyport.notifications.adapter.dynamodb.DynamoDbChannels";
        String sqs = "dev.skyport.notifications.adapter.sqs.SqsDeliveryQueue";
        String store = "dev.skyport.platform.secrets.SecretsManagerSecretStore";
        String secret = "arn:aws:secretsmanager:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT
                + ":secret:skyport/channels/" + OWNER + "/ep_0123456789abcdef0123456789abcdef-AbCdEf";
        String channelItems = "CHANNELS#" + OWNER;
        String deliveryItems = "ENDPOINT#ep_0123456789abcdef0123456789abcdef";

        store("notifications", channels, NOTIFICATIONS, List.of("dynamodb:PutItem", "dynamodb:Query",
                "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"));
        for (String action : List.of("secretsmanager:CreateSecret", "secretsmanager:TagResource",
                "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret")) {
            allow("notifications", store, action, secret);
        }
        allow("notifications", sqs, "sqs:SendMessage", queue);
        deny("notifications", "the API reads a cloud account's credentials", "secretsmanager:GetSecretValue",
                cloudAccountSecret(OWNER));
        deny("notifications", "the API receives (and so could drop) deliveries", "sqs:ReceiveMessage", queue);

        allow("channel events", channels, "dynamodb:Query", table(NOTIFICATIONS), "dynamodb:LeadingKeys",
                List.of(channelItems));
        for (String action : List.of("dynamodb:PutItem", "dynamodb:GetItem")) {
            allow("channel events", channels, action, table(NOTIFICATIONS), "dynamodb:LeadingKeys",
                    List.of(deliveryItems));
        }
        allow("channel events", sqs, "sqs:SendMessage", queue);
        allow("channel events", channels, "dynamodb:DeleteItem", table(NOTIFICATIONS), "dynamodb:LeadingKeys",
                List.of(channelItems));
        allow("channel events", store, "secretsmanager:DeleteSecret", secret);
        deny("channel events", "the events function deletes a cloud account's credentials",
                "secretsmanager:DeleteSecret", cloudAccountSecret(OWNER));
        deny("channel events", "the events function changes a channel", "dynamodb:UpdateItem",
                table(NOTIFICATIONS), "dynamodb:LeadingKeys", List.of(channelItems));
        deny("channel events", "the events function reads people's notifications", "dynamodb:Query",
                table(NOTIFICATIONS), "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        deny("channel events", "the events function reads a channel's secret", "secretsmanager:GetSecretValue",
                secret);
        deny("channel events", "the events function reads the users table", "dynamodb:GetItem", table(USERS));

        for (String action : List.of("dynamodb:GetItem", "dynamodb:UpdateItem")) {
            allow("channel delivery", channels, action, table(NOTIFICATIONS), "dynamodb:LeadingKeys",
                    List.of(channelItems));
        }
        for (String action : List.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem")) {
            allow("channel delivery", channels, action, table(NOTIFICATIONS), "dynamodb:LeadingKeys",
                    List.of(deliveryItems));
        }
        for (String action : List.of("dynamodb:PutItem", "dynamodb:UpdateItem")) {
            allow("channel delivery", "dev.skyport.notifications.adapter.dynamodb.DynamoDbNotifications", action,
                    table(NOTIFICATIONS), "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        }
        allow("channel delivery", store, "secretsmanager:GetSecretValue", secret);
        allow("channel delivery", sqs, "sqs:SendMessage", queue);
        allow("channel delivery", "Lambda's SQS event source, polling for the function",
                "sqs:ReceiveMessage", queue);
        allow("channel delivery", "Lambda's SQS event source, polling for the function",
                "sqs:DeleteMessage", queue);
        deny("channel delivery", "the delivery reads a cloud account's credentials",
                "secretsmanager:GetSecretValue", cloudAccountSecret(OWNER));
        deny("channel delivery", "the delivery makes or changes secrets", "secretsmanager:PutSecretValue", secret);
        deny("channel delivery", "the delivery deletes a channel", "dynamodb:DeleteItem", table(NOTIFICATIONS),
                "dynamodb:LeadingKeys", List.of(channelItems));
        deny("channel delivery", "the delivery reads people's notifications", "dynamodb:Query",
                table(NOTIFICATIONS), "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        deny("channel delivery", "the delivery reads the users table", "dynamodb:GetItem", table(USERS));
        deny("channel delivery", "the delivery reads the token signing keys", "secretsmanager:GetSecretValue",
                ref("AWS::SecretsManager::Secret", "TokenSigningKeys"));
        deny("channel delivery", "the delivery publishes platform events", "sns:Publish",
                ref("AWS::SNS::Topic", "PlatformEvents"));
    }

    private static void functions() {
        String sessions = "dev.skyport.platform.sessions.DynamoDbLiveSessions";
        Object[] liveness = {"dynamodb:LeadingKeys", List.of("USER#" + OWNER), "dynamodb:Attributes",
                List.of("pk", "sk", "revoked", "sessionEnds", "expiresAt"), "dynamodb:Select", "SPECIFIC_ATTRIBUTES"};
        String verificationKeys = ref("AWS::SecretsManager::Secret", "TokenVerificationKeys");
        String signingKeys = ref("AWS::SecretsManager::Secret", "TokenSigningKeys");
        String topic = ref("AWS::SNS::Topic", "PlatformEvents");
        String verify = "dev.skyport.platform.security.SecretsManagerVerificationKeySource";
        String sign = "dev.skyport.platform.security.SecretsManagerSigningKeySource";
        String publish = "dev.skyport.platform.events.SnsEventPublisher";
        String prime = "dev.skyport.platform.aws.ClientPrimer";
        List<String> all = List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:ConditionCheckItem");

        for (String component : List.of("auth", "accounts")) {
            for (String site : List.of("dev.skyport.identity.adapter.dynamodb.DynamoDbUsers",
                    "dev.skyport.identity.adapter.dynamodb.DynamoDbCounters",
                    "dev.skyport.identity.adapter.dynamodb.DynamoDbRefreshTokens",
                    "dev.skyport.identity.adapter.dynamodb.DynamoDbWsTickets",
                    "dev.skyport.identity.adapter.dynamodb.SingleUseTokenItems",
                    "dev.skyport.identity.adapter.dynamodb.DynamoDbTotpEnrolments",
                    "dev.skyport.identity.adapter.dynamodb.DynamoDbSignInChallenges")) {
                store(component, site, USERS, all);
            }
            allow(component, sign, "secretsmanager:GetSecretValue", signingKeys);
            allow(component, verify, "secretsmanager:GetSecretValue", verificationKeys);
            allow(component, publish, "sns:Publish", topic);
            allow(component, prime, "dynamodb:GetItem", table(USERS));
            allow(component, sessions, "dynamodb:GetItem", table(USERS), liveness);
        }
        allow("auth", "dev.skyport.mail.adapter.ses.SesMailer", "ses:SendEmail",
                "arn:aws:ses:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT + ":identity/skyport.example");
        // Two-factor sign-in: only auth reads the key that seals TOTP secrets; every API function asks how fresh a
        // session's second factor is (StepUp) with the liveness read's rights.
        String secondFactorKey = ref("AWS::SecretsManager::Secret", "SecondFactorKey");
        allow("auth", "dev.skyport.identity.adapter.crypto.SecretsManagerSecondFactorKeyMaterial",
                "secretsmanager:GetSecretValue", secondFactorKey);
        deny("accounts", "accounts reads the second-factor key", "secretsmanager:GetSecretValue", secondFactorKey);
        deny("cloud-accounts", "cloud-accounts reads the second-factor key", "secretsmanager:GetSecretValue",
                secondFactorKey);
        deny("mail work", "the mail worker reads the second-factor key", "secretsmanager:GetSecretValue",
                secondFactorKey);
        Object[] factorAge = {"dynamodb:LeadingKeys", List.of("USER#" + OWNER), "dynamodb:Attributes",
                List.of("pk", "sk", "secondFactorAt"), "dynamodb:Select", "SPECIFIC_ATTRIBUTES"};
        for (String component : List.of("auth", "accounts", "cloud-accounts", "clusters", "notifications")) {
            allow(component, "dev.skyport.platform.sessions.StepUp", "dynamodb:GetItem", table(USERS), factorAge);
        }
        deny("cloud-accounts", "cloud-accounts reads a person's TOTP enrolment", "dynamodb:GetItem", table(USERS),
                "dynamodb:LeadingKeys", List.of("USER#" + OWNER), "dynamodb:Attributes",
                List.of("pk", "sk", "secret"), "dynamodb:Select", "SPECIFIC_ATTRIBUTES");
        mailWork();
        eventMail();
        channels();
        // a person's e-mail preferences, on their own item (GET and PUT /me/notifications/email)
        store("accounts", "dev.skyport.identity.adapter.dynamodb.DynamoDbMailPreferences", USERS,
                List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        store("accounts", "dev.skyport.clusters.adapter.dynamodb.DynamoDbClusters", CLUSTERS,
                List.of("dynamodb:GetItem", "dynamodb:Query"));
        // an account's deletion checks the owner's count of clusters in its transaction (UserHasClusters)
        store("accounts", "dev.skyport.identity.adapter.dynamodb.DynamoDbUsers", CLUSTERS,
                List.of("dynamodb:ConditionCheckItem"));
        store("accounts pending-events", "dev.skyport.identity.adapter.dynamodb.DynamoDbUsers", USERS,
                List.of("dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:DeleteItem"));
        allow("accounts pending-events", publish, "sns:Publish", topic);

        String cloudAccounts = "dev.skyport.cloudaccounts.adapter.dynamodb.DynamoDbCloudAccounts";
        String secretStore = "dev.skyport.platform.secrets.SecretsManagerSecretStore";
        store("cloud-accounts", cloudAccounts, CLOUD_ACCOUNTS, all);
        store("cloud-accounts", "dev.skyport.cloudaccounts.adapter.dynamodb.DynamoDbVerificationFailures",
                CLOUD_ACCOUNTS, List.of("dynamodb:GetItem", "dynamodb:UpdateItem"));
        store("cloud-accounts", "dev.skyport.clusters.adapter.dynamodb.DynamoDbClusters", CLUSTERS,
                List.of("dynamodb:GetItem", "dynamodb:Query"));
        // a delete's transaction checks the clusters' count in the account (CloudAccountInUse)
        store("cloud-accounts", cloudAccounts, CLUSTERS, List.of("dynamodb:ConditionCheckItem"));
        for (String action : List.of("secretsmanager:CreateSecret", "secretsmanager:GetSecretValue",
                "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:TagResource")) {
            allow("cloud-accounts", secretStore, action, cloudAccountSecret(OWNER));
        }
        across("cloud-accounts", "dev.skyport.cloudaccounts.adapter.aws.StsCloudVerifier", true, "sts:AssumeRole",
                customer().roleArn(), customerTrustPolicy(), "sts:ExternalId", EXTERNAL_ID);
        TABLE.add(new Expectation("customer (AWS keys)", "dev.skyport.cloudaccounts.adapter.aws.StsCloudVerifier",
                new Request(customer().user(), "s3:ListAllMyBuckets", "*", Map.of()), true));
        TABLE.add(new Expectation("customer (AWS role)", "dev.skyport.cloudaccounts.adapter.aws.StsCloudVerifier",
                new Request(customer().role(), "s3:ListAllMyBuckets", "*", Map.of()), true));
        allow("cloud-accounts", verify, "secretsmanager:GetSecretValue", verificationKeys);
        allow("cloud-accounts", publish, "sns:Publish", topic);
        allow("cloud-accounts", prime, "dynamodb:GetItem", table(CLOUD_ACCOUNTS));
        allow("cloud-accounts", sessions, "dynamodb:GetItem", table(USERS), liveness);
        store("cloud-accounts user-deleted", cloudAccounts, CLOUD_ACCOUNTS,
                List.of("dynamodb:Query", "dynamodb:DeleteItem"));
        allow("cloud-accounts user-deleted", secretStore, "secretsmanager:DeleteSecret", cloudAccountSecret(OWNER));

        String clusters = "dev.skyport.clusters.adapter.dynamodb.DynamoDbClusters";
        store("clusters", clusters, CLUSTERS, all);
        store("clusters", "dev.skyport.clusters.adapter.dynamodb.DynamoDbRunLogs", CLUSTERS,
                List.of("dynamodb:PutItem", "dynamodb:Query"));
        store("clusters", "dev.skyport.clusters.adapter.dynamodb.DynamoDbRunLogStreams", CLUSTERS,
                List.of("dynamodb:Query", "dynamodb:UpdateItem"));
        store("clusters", cloudAccounts, CLOUD_ACCOUNTS, List.of("dynamodb:GetItem"));
        // a create's transaction checks that the cloud account is still there (CloudAccountInUse)
        store("clusters", clusters, CLOUD_ACCOUNTS, List.of("dynamodb:ConditionCheckItem"));
        // and that its owner's account is still there (UserHasClusters)
        allow("clusters", clusters, "dynamodb:ConditionCheckItem", table(USERS), "dynamodb:LeadingKeys",
                List.of("USER#" + OWNER));
        String stateMachine = ref("AWS::StepFunctions::StateMachine", "StateMachine");
        allow("clusters", "dev.skyport.clusters.adapter.stepfunctions.StepFunctionsWorkflow", "states:StartExecution",
                stateMachine);
        allow("clusters", "dev.skyport.clusters.adapter.stepfunctions.StepFunctionsWorkflow", "states:StopExecution",
                stateMachine.replace(":stateMachine:", ":execution:") + ":0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        allow("clusters", "dev.skyport.clusters.adapter.cloudwatch.CloudWatchRunLogs", "logs:GetLogEvents",
                taskLogGroupArn() + ":log-stream:terraform/terraform/0123456789abcdef0123456789abcdef");
        allow("clusters", verify, "secretsmanager:GetSecretValue", verificationKeys);
        allow("clusters", prime, "dynamodb:GetItem", table(CLUSTERS));
        allow("clusters", sessions, "dynamodb:GetItem", table(USERS), liveness);
        store("clusters backstop", clusters, CLUSTERS, all);
        store("clusters expiry", clusters, CLUSTERS, all);
        allow("clusters expiry", clusters, "dynamodb:Query", table(CLUSTERS) + "/index/byExpiry");
        allow("clusters expiry", "dev.skyport.clusters.adapter.stepfunctions.StepFunctionsWorkflow",
                "states:StartExecution", stateMachine);
        // The expiry's schedules: the stream consumer keeps one per cluster in Skyport's group and passes the
        // scheduler role to EventBridge Scheduler; the scheduler invokes the expiry function with that role.
        String keeper = "clusters expiry-schedules";
        String schedules = "dev.skyport.clusters.adapter.scheduler.EventBridgeExpirySchedules";
        store(keeper, clusters, CLUSTERS, List.of("dynamodb:GetItem", "dynamodb:Query"));
        allow(keeper, prime, "dynamodb:GetItem", table(CLUSTERS));
        for (String action : List.of("scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:UpdateSchedule",
                "scheduler:DeleteSchedule")) {
            allow(keeper, schedules, action, expirySchedule(EXPIRY_GROUP));
        }
        allow(keeper, schedules, "iam:PassRole", role("expiry scheduler").arn(),
                "iam:PassedToService", "scheduler.amazonaws.com");
        allow("expiry scheduler", "a cluster's expiry schedule (EventBridge Scheduler) wakes the expiry",
                "lambda:InvokeFunction", ref("AWS::Lambda::Alias", "ClustersExpirySweepLive"));
        allow("expiry scheduler", "a wake-up whose retries ran out (the schedule's dead-letter queue)",
                "sqs:SendMessage", queueArn("ClustersExpiryWakeUpDeadLetters"));
        store("workflow report", clusters, CLUSTERS, all);
        allow("workflow report", prime, "dynamodb:GetItem", table(CLUSTERS));

        String notifications = "dev.skyport.notifications.adapter.dynamodb.DynamoDbNotifications";
        store("notifications", notifications, NOTIFICATIONS, all);
        allow("notifications", verify, "secretsmanager:GetSecretValue", verificationKeys);
        allow("notifications", prime, "dynamodb:GetItem", table(NOTIFICATIONS));
        allow("notifications", sessions, "dynamodb:GetItem", table(USERS), liveness);

        String connections = "dev.skyport.notifications.adapter.dynamodb.DynamoDbConnections";
        String pusher = "dev.skyport.realtime.adapter.ApiGatewayConnectionPusher";
        String connection = "arn:aws:execute-api:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT + ":"
                + ref("AWS::ApiGatewayV2::Api", "WebSocketApi") + "/live/%s/@connections/L0SM9cOFvHcCIhw=";
        allow("realtime websocket", "dev.skyport.identity.adapter.dynamodb.DynamoDbWsTickets", "dynamodb:DeleteItem",
                table(USERS), "dynamodb:LeadingKeys", List.of("WSTICKET#abc"));
        // A ticket opens a socket only while the session that asked for it is live (issue 29).
        allow("realtime websocket", sessions, "dynamodb:GetItem", table(USERS), liveness);
        for (String action : List.of("dynamodb:PutItem", "dynamodb:DeleteItem")) {
            allow("realtime websocket", connections, action, table(CONNECTIONS),
                    "dynamodb:LeadingKeys", List.of("CONNECTION#L0SM9cOFvHcCIhw="));
        }
        for (String component : List.of("realtime websocket", "realtime live-events", "realtime run-logs")) {
            allow(component, prime, "dynamodb:GetItem", table(CONNECTIONS), "dynamodb:LeadingKeys", List.of("PRIME"));
        }
        for (String component : List.of("realtime live-events", "realtime run-logs")) {
            allow(component, connections, "dynamodb:Query", table(CONNECTIONS) + "/index/byUser");
            allow(component, connections, "dynamodb:DeleteItem", table(CONNECTIONS),
                    "dynamodb:LeadingKeys", List.of("CONNECTION#L0SM9cOFvHcCIhw="));
            allow(component, pusher, "execute-api:ManageConnections", connection.formatted("POST"));
        }
        allow("realtime live-events", pusher, "execute-api:ManageConnections", connection.formatted("DELETE"));
        for (String action : List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query",
                "dynamodb:DeleteItem")) {
            allow("realtime live-events", notifications, action, table(NOTIFICATIONS),
                    "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        }
        String runLogStreams = "dev.skyport.clusters.adapter.dynamodb.DynamoDbRunLogStreams";
        allow("realtime run-logs", runLogStreams, "dynamodb:Query", table(CLUSTERS) + "/index/byLogStream");
        allow("realtime run-logs", runLogStreams, "dynamodb:UpdateItem", table(CLUSTERS),
                "dynamodb:LeadingKeys", List.of("RUN#0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
                "dynamodb:Attributes", List.of("pk", "sk", "lastEventId", "sentLines"));

        personalTokens();

        String auditTrail = "dev.skyport.audit.adapter.dynamodb.DynamoDbAuditTrail";
        for (String component : AUDIT_RECORDERS) {
            // a conditional put (attribute_not_exists): appended, never over an existing entry
            allow(component, auditTrail, "dynamodb:PutItem", table(AUDIT));
        }
        allow("accounts", auditTrail, "dynamodb:Query", table(AUDIT));
        allow("accounts", auditTrail, "dynamodb:Query", table(AUDIT) + "/index/byDay");
        auditArchive();

        allow("stream-publisher", publish, "sns:Publish", topic);
        String stream = values.getAtt(values.find("AWS::DynamoDB::GlobalTable", CLUSTERS).getKey(),
                values.find("AWS::DynamoDB::GlobalTable", CLUSTERS).getValue(), "StreamArn");
        for (String action : List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator")) {
            allow("stream-publisher", "the event source mapping (Lambda reads the stream with the role)", action,
                    stream);
            allow("clusters expiry-schedules", "the event source mapping (Lambda reads the stream with the role)",
                    action, stream);
        }
    }

    /**
     * The audit archive: Lambda reads the audit table's stream with its role; it puts each batch under the archive's
     * prefix, and can neither read, delete nor unlock what is there, nor touch the table.
     */
    private static void auditArchive() {
        String archive = "dev.skyport.accounts.adapter.s3.S3AuditArchive";
        Map.Entry<String, String> bucket = values.find("AWS::S3::Bucket", "AuditArchiveCopies");
        String bucketArn = values.getAtt(bucket.getKey(), bucket.getValue(), "Arn");
        String object = bucketArn + "/audit/2026/12/06/4960000000000000000000001.jsonl";
        allow("audit archive", archive, "s3:PutObject", object);
        String stream = values.getAtt(values.find("AWS::DynamoDB::GlobalTable", AUDIT).getKey(),
                values.find("AWS::DynamoDB::GlobalTable", AUDIT).getValue(), "StreamArn");
        for (String action : List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator")) {
            allow("audit archive", "the event source mapping (Lambda reads the stream with the role)", action,
                    stream);
        }
        deny("audit archive", "the archive writes only under its prefix", "s3:PutObject", bucketArn + "/other.jsonl");
        deny("audit archive", "the archive reads nothing back", "s3:GetObject", object);
        deny("audit archive", "no one deletes an archived copy", "s3:DeleteObject", object);
        deny("audit archive", "nor one of its versions", "s3:DeleteObjectVersion", object);
        deny("audit archive", "nor shortens its retention", "s3:PutObjectRetention", object);
        deny("audit archive", "nor bypasses governance retention", "s3:BypassGovernanceRetention", object);
        deny("audit archive", "nor changes the bucket's lock", "s3:PutBucketObjectLockConfiguration", bucketArn);
        deny("audit archive", "nor its lifecycle", "s3:PutLifecycleConfiguration", bucketArn);
        deny("audit archive", "the archive writes no audit entry", "dynamodb:PutItem", table(AUDIT));
        deny("audit archive", "nor deletes one", "dynamodb:DeleteItem", table(AUDIT));
        deny("audit archive", "nor reads the log by Query", "dynamodb:Query", table(AUDIT));
        deny("accounts", "the API function does not write the archive", "s3:PutObject", object);
        deny("stream-publisher", "nor does any other function", "s3:PutObject", object);
    }

    /**
     * Personal access tokens (issue 29): every HTTP function reads a token's item by its hash and its person's
     * profile, only the attributes the check needs, and records the last use; only the accounts function makes,
     * lists and deletes tokens.
     */
    private static void personalTokens() {
        String lookup = "dev.skyport.platform.tokens.DynamoDbPersonalTokenLookup";
        String store = "dev.skyport.identity.adapter.dynamodb.DynamoDbPersonalTokens";
        String token = "PAT#9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        Object[] tokenRead = {"dynamodb:LeadingKeys", List.of(token), "dynamodb:Attributes", List.of("pk", "sk",
                "tokenId", "userId", "name", "scopes", "validUntil", "lastUsedAt"), "dynamodb:Select",
                "SPECIFIC_ATTRIBUTES"};
        Object[] profileRead = {"dynamodb:LeadingKeys", List.of("USER#" + OWNER), "dynamodb:Attributes",
                List.of("pk", "sk", "verified", "roles", "username", "mfa"), "dynamodb:Select",
                "SPECIFIC_ATTRIBUTES"};
        Object[] useWrite = {"dynamodb:LeadingKeys", List.of(token), "dynamodb:Attributes",
                List.of("pk", "sk", "lastUsedAt", "lastUsedFrom")};
        for (String component : List.of("auth", "accounts", "cloud-accounts", "clusters", "notifications")) {
            allow(component, lookup, "dynamodb:GetItem", table(USERS), tokenRead);
            allow(component, lookup, "dynamodb:GetItem", table(USERS), profileRead);
            allow(component, lookup, "dynamodb:UpdateItem", table(USERS), useWrite);
        }
        // A ticket a token asked for opens a socket only while the token works: the same reads, no write.
        allow("realtime websocket", lookup, "dynamodb:GetItem", table(USERS), tokenRead);
        allow("realtime websocket", lookup, "dynamodb:GetItem", table(USERS), profileRead);
        deny("realtime websocket", "the socket records no token use", "dynamodb:UpdateItem", table(USERS), useWrite);
        deny("realtime websocket", "the socket deletes no token", "dynamodb:DeleteItem", table(USERS),
                "dynamodb:LeadingKeys", List.of(token));
        allow("accounts", store, "dynamodb:PutItem", table(USERS), "dynamodb:LeadingKeys", List.of(token));
        allow("accounts", store, "dynamodb:DeleteItem", table(USERS), "dynamodb:LeadingKeys", List.of(token));
        allow("accounts", store, "dynamodb:Query", table(USERS) + "/index/byKind");

        deny("auth", "the auth function makes a personal access token", "dynamodb:PutItem", table(USERS),
                "dynamodb:LeadingKeys", List.of(token));
        deny("auth", "the auth function deletes a personal access token", "dynamodb:DeleteItem", table(USERS),
                "dynamodb:LeadingKeys", List.of(token));
        deny("accounts pending-events", "the event relay deletes a personal access token", "dynamodb:DeleteItem",
                table(USERS), "dynamodb:LeadingKeys", List.of(token));
        for (String component : List.of("cloud-accounts", "clusters", "notifications")) {
            deny(component, "a function makes a personal access token", "dynamodb:PutItem", table(USERS),
                    "dynamodb:LeadingKeys", List.of(token));
            deny(component, "a function deletes a personal access token", "dynamodb:DeleteItem", table(USERS),
                    "dynamodb:LeadingKeys", List.of(token));
            deny(component, "a function widens a token's scopes", "dynamodb:UpdateItem", table(USERS),
                    "dynamodb:LeadingKeys", List.of(token), "dynamodb:Attributes", List.of("pk", "sk", "scopes"));
            deny(component, "a function reads more of a person than a token's check needs", "dynamodb:GetItem",
                    table(USERS), "dynamodb:LeadingKeys", List.of("USER#" + OWNER), "dynamodb:Attributes",
                    List.of("pk", "sk", "verified", "roles", "passwordHash"), "dynamodb:Select",
                    "SPECIFIC_ATTRIBUTES");
            deny(component, "a function reads a whole token item", "dynamodb:GetItem", table(USERS),
                    "dynamodb:LeadingKeys", List.of(token), "dynamodb:Select", "ALL_ATTRIBUTES");
            deny(component, "a function reads a refresh token", "dynamodb:GetItem", table(USERS),
                    "dynamodb:LeadingKeys", List.of("REFRESH#0a1b2c3d"), "dynamodb:Attributes",
                    List.of("pk", "sk", "userId"), "dynamodb:Select", "SPECIFIC_ATTRIBUTES");
            deny(component, "a function lists a person's tokens", "dynamodb:Query",
                    table(USERS) + "/index/byKind");
        }
    }

    private static final String EXPIRY_GROUP = "SkyportApi-cluster-expiry";

    /** A cluster's expiry schedule in that group. */
    private static String expirySchedule(String group) {
        return "arn:aws:scheduler:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT + ":schedule/" + group
                + "/cluster-7c9e6679-7425-40de-944b-e07fc1f90ae7";
    }

    private static String queueArn(String logicalIdPrefix) {
        Map.Entry<String, String> queue = values.find("AWS::SQS::Queue", logicalIdPrefix);
        return values.getAtt(queue.getKey(), queue.getValue(), "Arn");
    }

    private static String taskLogGroupArn() {
        Map.Entry<String, String> group = values.find("AWS::Logs::LogGroup", "TaskLogs");
        return values.getAtt(group.getKey(), group.getValue(), "Arn").replaceAll(":\\*$", "");
    }

    /** The state machine's service integrations, read from its ASL, with the role Step Functions uses. */
    private static void stateMachine() {
        JsonNode definition = values.stateMachineDefinition("StateMachine");
        int integrations = 0;
        for (Map.Entry<String, JsonNode> state : definition.path("States").properties()) {
            String resource = state.getValue().path("Resource").asText();
            JsonNode arguments = state.getValue().path("Arguments");
            String site = "state " + state.getKey();
            Matcher sdk = Pattern.compile("arn:aws:states:::aws-sdk:(\\w+):(\\w+)").matcher(resource);
            if (sdk.matches() && sdk.group(1).equals("dynamodb") && sdk.group(2).equals("transactWriteItems")) {
                integrations++;
                for (JsonNode item : arguments.path("TransactItems")) {
                    Map.Entry<String, JsonNode> write = item.fields().next();
                    String action = switch (write.getKey()) {
                        case "Put" -> "dynamodb:PutItem";
                        case "Update" -> "dynamodb:UpdateItem";
                        case "Delete" -> "dynamodb:DeleteItem";
                        default -> "dynamodb:ConditionCheckItem";
                    };
                    allow("state machine", site, action, tableArn(write.getValue().path("TableName").asText()));
                }
            } else if (sdk.matches()) {
                integrations++;
                String action = sdk.group(1) + ":" + Character.toUpperCase(sdk.group(2).charAt(0))
                        + sdk.group(2).substring(1);
                allow("state machine", site, action, tableArn(arguments.path("TableName").asText()));
            } else if (resource.startsWith("arn:aws:states:::ecs:runTask")) {
                integrations++;
                String taskDefinition = arguments.path("TaskDefinition").asText();
                if (!taskDefinition.startsWith("arn:")) { // a family: RunTask takes its latest revision
                    taskDefinition = "arn:aws:ecs:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT
                            + ":task-definition/" + taskDefinition + ":1";
                }
                allow("state machine", site, "ecs:RunTask", taskDefinition,
                        "ecs:cluster", arguments.path("Cluster").asText());
                for (String passed : List.of("terraform task", "terraform task execution")) {
                    allow("state machine", site, "iam:PassRole", role(passed).arn(),
                            "iam:PassedToService", "ecs-tasks.amazonaws.com");
                }
            } else if (resource.startsWith("arn:aws:states:::lambda:invoke")) {
                integrations++;
                allow("state machine", site, "lambda:InvokeFunction", arguments.path("FunctionName").asText());
            } else if (!resource.isEmpty()) {
                throw new AssertionError(site + " calls " + resource + ", which this test cannot read yet");
            }
        }
        assertThat(integrations).as("service integrations of the state machine").isGreaterThanOrEqualTo(3);
    }

    private static String tableArn(String name) {
        return "arn:aws:dynamodb:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT + ":table/" + name;
    }

    /**
     * The entry script's AWS calls, read from the script, with the task's role; its call to the run broker's URL
     * (SigV4-signed curl); and what ECS does with the execution role to start the task.
     */
    private static void terraformTask() {
        int calls = 0;
        for (RunScriptCalls.Call call : RunScriptCalls.all()) {
            if (call.asCustomer()) {
                continue; // made with the customer's credentials, not the task's role
            }
            calls++;
            allow("terraform task", "skyport-run.sh: aws " + call.service() + " " + call.command(), call.action(),
                    ProvisioningCalls.taskCallResource(call.action()));
        }
        assertThat(calls).as("aws calls of the entry script with the task's role").isGreaterThanOrEqualTo(3);
        String broker = ProvisioningCalls.brokerAlias(values);
        allow("terraform task", "skyport-run.sh: read_brief (curl --aws-sigv4 to the run broker's URL)",
                "lambda:InvokeFunctionUrl", broker, "lambda:FunctionUrlAuthType", "AWS_IAM");
        allow("terraform task", "skyport-run.sh: read_brief (a function URL invocation also needs InvokeFunction)",
                "lambda:InvokeFunction", broker, "lambda:InvokedViaFunctionUrl", "true");
        allow("terraform task execution", "ECS pulling the image", "ecr:GetAuthorizationToken", "*");
        allow("terraform task execution", "ECS shipping the task's output", "logs:PutLogEvents",
                taskLogGroupArn() + ":log-stream:terraform/terraform/0123456789abcdef0123456789abcdef");
    }

    /**
     * The run broker: the cluster, its run and its log stream, the cloud account, its secret, the customer's role,
     * and ECS's word on which run a task is.
     */
    private static void broker() {
        store("run broker", "dev.skyport.clusters.adapter.dynamodb.DynamoDbClusters", CLUSTERS,
                List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"));
        store("run broker", "dev.skyport.cloudaccounts.adapter.dynamodb.DynamoDbCloudAccounts", CLOUD_ACCOUNTS,
                List.of("dynamodb:GetItem"));
        allow("run broker", "dev.skyport.platform.secrets.SecretsManagerSecretStore", "secretsmanager:GetSecretValue",
                cloudAccountSecret(OWNER));
        allow("run broker", "dev.skyport.platform.aws.ClientPrimer", "dynamodb:GetItem", table(CLUSTERS));
        across("run broker", "dev.skyport.cloudaccounts.adapter.aws.StsRoleSessions", true, "sts:AssumeRole",
                customer().roleArn(), customerTrustPolicy(), "sts:ExternalId", EXTERNAL_ID);
        String ecsCluster = ref("AWS::ECS::Cluster", "Cluster");
        allow("run broker", "dev.skyport.clusters.adapter.ecs.EcsRunTasks", "ecs:DescribeTasks",
                "arn:aws:ecs:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT + ":task/" + ecsCluster
                        + "/0123456789abcdef0123456789abcdef",
                "ecs:cluster", "arn:aws:ecs:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT + ":cluster/"
                        + ecsCluster);
        // The URLs it signs for plan files act with its role: the task's PUT of a plan run's file, the GET of a run
        // that applies it; S3 encrypts and decrypts with the plans key on the broker's behalf.
        String planFiles = "dev.skyport.clusters.adapter.s3.S3PlanFiles (a presigned URL a task uses)";
        plansRequest("run broker", planFiles, true, "s3:PutObject", planFile(), "aws:SecureTransport", "true");
        plansRequest("run broker", planFiles, true, "s3:GetObject", planFile(), "aws:SecureTransport", "true");
        across("run broker", planFiles, true, "kms:GenerateDataKey", plansKey(), plansKeyPolicy(), "kms:ViaService",
                "s3." + DeployedValues.REGION + ".amazonaws.com");
        across("run broker", planFiles, true, "kms:Decrypt", plansKey(), plansKeyPolicy(), "kms:ViaService",
                "s3." + DeployedValues.REGION + ".amazonaws.com");
    }

    private static final String PLANS = "RunBrokerPlanFiles";

    /** A plan file as S3PlanFiles names it: plans/cluster/plan run.tfplan. */
    private static String planFile() {
        return "arn:aws:s3:::" + ref("AWS::S3::Bucket", PLANS) + "/plans/3f2a1b0c-4d5e-4f60-8a7b-9c0d1e2f3a4b/"
                + "0193a4b2-7c1d-7e2f-8a3b-4c5d6e7f8091.tfplan";
    }

    private static String plansKey() {
        Map.Entry<String, String> key = values.find("AWS::KMS::Key", PLANS + "Key");
        return values.getAtt(key.getKey(), key.getValue(), "Arn");
    }

    /** The plans key's own policy, which KMS asks as well as the caller's. */
    private static JsonNode plansKeyPolicy() {
        Map.Entry<String, String> key = values.find("AWS::KMS::Key", PLANS + "Key");
        return values.resolve(key.getKey(), values.resources(key.getKey()).get(key.getValue()).path("Properties")
                .path("KeyPolicy"));
    }

    /** A request to the plans bucket, which its bucket policy (TLS only) must allow too. */
    private static void plansRequest(String component, String site, boolean allowed, String action, String object,
                                     Object... context) {
        TABLE.add(new Expectation(component, site, new Request(role(component), action, object, context(context),
                bucketPolicy(PLANS)), allowed));
    }

    /**
     * The run preflight: the cloud account and its secret, the customer's role; then, with the customer's
     * credentials, IAM's simulation of the role or user itself and the state bucket's checks.
     */
    private static void preflight() {
        store("run preflight", "dev.skyport.cloudaccounts.adapter.dynamodb.DynamoDbCloudAccounts", CLOUD_ACCOUNTS,
                List.of("dynamodb:GetItem"));
        allow("run preflight", "dev.skyport.platform.secrets.SecretsManagerSecretStore",
                "secretsmanager:GetSecretValue", cloudAccountSecret(OWNER));
        allow("run preflight", "dev.skyport.platform.aws.ClientPrimer", "dynamodb:GetItem", table(CLOUD_ACCOUNTS));
        across("run preflight", "dev.skyport.cloudaccounts.adapter.aws.StsCloudVerifier", true, "sts:AssumeRole",
                customer().roleArn(), customerTrustPolicy(), "sts:ExternalId", EXTERNAL_ID);
        String site = "dev.skyport.cloudaccounts.adapter.aws.IamPreflight";
        String bucket = "arn:aws:s3:::" + CustomerAccount.STATE_BUCKET;
        Principal user = customer().user();
        for (Principal customerPrincipal : List.of(customer().role(), user)) {
            String who = customerPrincipal == user ? "customer (AWS keys)" : "customer (AWS role)";
            TABLE.add(new Expectation(who, site, new Request(customerPrincipal, "iam:SimulatePrincipalPolicy",
                    customerPrincipal.arn(), customerPrincipal == user ? Map.of("aws:username", "skyport")
                    : Map.of()), true));
            for (String action : List.of("s3:ListBucket", "s3:GetBucketVersioning", "s3:GetBucketPublicAccessBlock")) {
                TABLE.add(new Expectation(who, site, new Request(customerPrincipal, action, bucket, Map.of()), true));
            }
        }
    }

    /** Every Skyport function: the components whose role is a SkyportFunction's (its log group beside it). */
    private static final List<String> FUNCTIONS = List.of("auth", "mail work", "event mail", "accounts", "accounts pending-events",
            "cloud-accounts", "cloud-accounts user-deleted", "clusters", "clusters backstop", "clusters expiry",
            "clusters expiry-schedules",
            "notifications", "channel events", "channel delivery", "realtime websocket", "realtime live-events",
            "realtime run-logs", "stream-publisher",
            "run broker", "run preflight", "workflow report", "audit archive");

    /**
     * Lambda writes a function's logs with the function's role: into its own log group (a stream per execution
     * environment), and into no other function's, nor a log group it makes itself.
     */
    private static void functionLogs() {
        String stream = ":log-stream:2026/12/06/[$LATEST]0123456789abcdef0123456789abcdef";
        String lambda = "Lambda, writing the function's output";
        for (int i = 0; i < FUNCTIONS.size(); i++) {
            String component = FUNCTIONS.get(i);
            String own = logGroupArn(logsOf(component));
            allow(component, lambda, "logs:CreateLogStream", own + stream);
            allow(component, lambda, "logs:PutLogEvents", own + stream);
            String other = logGroupArn(logsOf(FUNCTIONS.get((i + 1) % FUNCTIONS.size())));
            deny(component, "a function writes another function's log group", "logs:PutLogEvents", other + stream);
            deny(component, "a function makes log groups (AWSLambdaBasicExecutionRole would let it)",
                    "logs:CreateLogGroup", "arn:aws:logs:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT
                            + ":log-group:/aws/lambda/anything");
        }
        long functions = 0;
        for (String stack : values.stacks()) {
            functions += values.resources(stack).values().stream()
                    .filter(resource -> resource.path("Type").asText().equals("AWS::Lambda::Function"))
                    .filter(resource -> resource.path("Properties").path("Handler").asText().startsWith("dev.skyport."))
                    .count();
        }
        assertThat(FUNCTIONS).as("every Skyport function of the stacks is in the list").hasSize((int) functions);
    }

    /** The function's log group, beside its role ({@code XRole}, {@code XLogs}; CDK makes {@code RunLogsLogs} one). */
    private static String logsOf(String component) {
        String function = rolePrefix(component).replaceAll("Role$", "");
        return function.endsWith("Logs") ? function : function + "Logs";
    }

    /**
     * CloudWatch publishes alarms to the operations topic (its topic policy, the resource policy here): for an alarm
     * of this account and region, and for no one else's.
     */
    private static void alarms() {
        String topic = ref("AWS::SNS::Topic", "OperationsTopic");
        Map.Entry<String, String> found = values.find("AWS::SNS::TopicPolicy", "OperationsTopicPolicy");
        JsonNode topicPolicy = values.resolve(found.getKey(), values.resources(found.getKey()).get(found.getValue())
                .path("Properties").path("PolicyDocument"));
        Principal cloudWatch = IamSimulator.customer("cloudwatch", "cloudwatch.amazonaws.com", DeployedValues.ACCOUNT,
                List.of(), List.of());
        String alarm = "arn:aws:cloudwatch:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT
                + ":alarm:SkyportApi-AuthFunctionErrorsAlarm-1A2B3C";
        TABLE.add(new Expectation("cloudwatch", "an alarm's action (AlarmActions)", new Request(cloudWatch,
                "sns:Publish", topic, context("aws:SourceArn", alarm, "aws:SourceAccount", DeployedValues.ACCOUNT),
                topicPolicy), true));
        TABLE.add(new Expectation("cloudwatch", "another account's alarm publishes to the operations topic",
                new Request(cloudWatch, "sns:Publish", topic, context("aws:SourceArn",
                        alarm.replace(DeployedValues.ACCOUNT, "999999999999"), "aws:SourceAccount", "999999999999"),
                        topicPolicy), false));
        TABLE.add(new Expectation("cloudwatch", "an alarm publishes without TLS (the topic enforces SSL)",
                new Request(cloudWatch, "sns:Publish", topic, context("aws:SourceArn", alarm, "aws:SourceAccount",
                        DeployedValues.ACCOUNT, "aws:SecureTransport", "false"), topicPolicy), false));
    }

    private static String logGroupArn(String logicalIdPrefix) {
        Map.Entry<String, String> group = values.find("AWS::Logs::LogGroup", logicalIdPrefix);
        return values.getAtt(group.getKey(), group.getValue(), "Arn").replaceAll(":\\*$", "");
    }

    /**
     * The web console (ConsoleDistribution): CloudFront reads the console's files through origin access control,
     * as the service principal and only for this distribution (the bucket policy); CDK's deployment function writes
     * them. Nobody else reads the bucket, CloudFront writes nothing, and the deployment writes no other bucket.
     */
    private static void console() {
        String bucket = ref("AWS::S3::Bucket", "ConsoleFiles");
        String page = "arn:aws:s3:::" + bucket + "/console/index.html";
        JsonNode bucketPolicy = bucketPolicy("ConsoleFiles");
        Principal cloudFront = IamSimulator.customer("cloudfront", "cloudfront.amazonaws.com",
                DeployedValues.ACCOUNT, List.of(), List.of());
        String distribution = "arn:aws:cloudfront::" + DeployedValues.ACCOUNT + ":distribution/"
                + ref("AWS::CloudFront::Distribution", "ConsoleDistribution");
        String another = "arn:aws:cloudfront::" + DeployedValues.ACCOUNT + ":distribution/EANOTHERONE";
        TABLE.add(new Expectation("cloudfront", "ConsoleDistribution (origin access control)",
                new Request(cloudFront, "s3:GetObject", page, context("aws:SourceArn", distribution,
                        "aws:SourceAccount", DeployedValues.ACCOUNT), bucketPolicy), true));
        TABLE.add(new Expectation("cloudfront", "another account's distribution reads the console's bucket",
                new Request(cloudFront, "s3:GetObject", page, context("aws:SourceArn", another,
                        "aws:SourceAccount", DeployedValues.ACCOUNT), bucketPolicy), false));
        TABLE.add(new Expectation("cloudfront", "the distribution writes the console's files",
                new Request(cloudFront, "s3:PutObject", page, context("aws:SourceArn", distribution,
                        "aws:SourceAccount", DeployedValues.ACCOUNT), bucketPolicy), false));
        TABLE.add(new Expectation("cloudfront", "a read without TLS (the bucket enforces SSL)",
                new Request(cloudFront, "s3:GetObject", page, context("aws:SourceArn", distribution,
                        "aws:SourceAccount", DeployedValues.ACCOUNT, "aws:SecureTransport", "false"), bucketPolicy),
                false));
        String deployment = "aws-cdk-lib BucketDeployment (Assets, Pages)";
        allow("console deployment", deployment, "s3:PutObject", page);
        allow("console deployment", deployment, "s3:DeleteObject", page);
        allow("console deployment", deployment, "cloudfront:CreateInvalidation", distribution);
        deny("console deployment", "the deployment writes another bucket", "s3:PutObject",
                "arn:aws:s3:::skyport-terraform-state/skyport/state.tfstate");
        deny("console deployment", "the deployment reads a table", "dynamodb:GetItem", table(USERS));
    }

    /** A bucket's policy as CloudFormation would attach it. */
    private static JsonNode bucketPolicy(String bucketPrefix) {
        String bucket = values.find("AWS::S3::Bucket", bucketPrefix).getValue();
        for (Map.Entry<String, JsonNode> resource : values.resources(values.find("AWS::S3::Bucket", bucketPrefix)
                .getKey()).entrySet()) {
            JsonNode properties = resource.getValue().path("Properties");
            if (resource.getValue().path("Type").asText().equals("AWS::S3::BucketPolicy")
                    && properties.path("Bucket").path("Ref").asText().equals(bucket)) {
                return values.resolve(values.find("AWS::S3::Bucket", bucketPrefix).getKey(),
                        properties.path("PolicyDocument"));
            }
        }
        throw new IllegalArgumentException("no policy on bucket " + bucket);
    }

    private static void denials() {
        plansRequest("terraform task", "a task reads a plan file with its own role (only a URL the broker signs"
                + " reaches one)", false, "s3:GetObject", planFile(), "aws:SecureTransport", "true");
        plansRequest("terraform task", "a task writes a plan file with its own role", false, "s3:PutObject",
                planFile(), "aws:SecureTransport", "true");
        plansRequest("run broker", "the broker deletes a plan file (they expire)", false, "s3:DeleteObject",
                planFile(), "aws:SecureTransport", "true");
        plansRequest("run broker", "a plan file read without TLS (the bucket enforces SSL)", false, "s3:GetObject",
                planFile(), "aws:SecureTransport", "false");
        deny("run broker", "the broker reads a state bucket's objects", "s3:GetObject",
                "arn:aws:s3:::skyport-terraform-state/skyport/state.tfstate");
        across("run broker", "the broker uses the plans key outside S3", false, "kms:Decrypt", plansKey(),
                plansKeyPolicy(), "kms:ViaService", "secretsmanager." + DeployedValues.REGION + ".amazonaws.com");
        across("terraform task", "a task decrypts with the plans key", false, "kms:Decrypt", plansKey(),
                plansKeyPolicy(), "kms:ViaService", "s3." + DeployedValues.REGION + ".amazonaws.com");
        deny("terraform task", "a task invokes the broker directly, bypassing its URL's authentication",
                "lambda:InvokeFunction", ProvisioningCalls.brokerAlias(values), "lambda:InvokedViaFunctionUrl", "false");
        across("terraform task", "a run assumes a customer's role itself (the trust policy names the broker)", false,
                "sts:AssumeRole", customer().roleArn(), customerTrustPolicy(), "sts:ExternalId", EXTERNAL_ID);
        across("run broker", "the broker assumes a customer's role without the owner's external id", false,
                "sts:AssumeRole", customer().roleArn(), customerTrustPolicy(), "sts:ExternalId", "skyport-someone-else");
        deny("run broker", "the broker assumes a role of Skyport's own account", "sts:AssumeRole",
                "arn:aws:iam::" + DeployedValues.ACCOUNT + ":role/admin");
        deny("run broker", "the broker writes cloud-account items", "dynamodb:PutItem", table(CLOUD_ACCOUNTS));
        deny("run broker", "the broker reads the token signing keys", "secretsmanager:GetSecretValue",
                ref("AWS::SecretsManager::Secret", "TokenSigningKeys"));
        deny("run broker", "the broker describes tasks of another ECS cluster", "ecs:DescribeTasks",
                "arn:aws:ecs:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT
                        + ":task/other/0123456789abcdef0123456789abcdef",
                "ecs:cluster", "arn:aws:ecs:" + DeployedValues.REGION + ":" + DeployedValues.ACCOUNT
                        + ":cluster/other");
        deny("terraform task", "a run reads another owner's cloud credentials", "secretsmanager:GetSecretValue",
                cloudAccountSecret(OTHER_OWNER));
        deny("terraform task", "a run reads its own owner's secret itself (only the broker hands it out)",
                "secretsmanager:GetSecretValue", cloudAccountSecret(OWNER));
        deny("terraform task", "a run reads cluster items", "dynamodb:GetItem", table(CLUSTERS),
                "dynamodb:LeadingKeys", List.of("USER#" + OTHER_OWNER));
        deny("terraform task", "a run assumes a role of Skyport's own account", "sts:AssumeRole",
                "arn:aws:iam::" + DeployedValues.ACCOUNT + ":role/admin");
        deny("state machine", "the workflow writes no item itself (its reports do, through RunReports)",
                "dynamodb:PutItem", table(CLUSTERS));
        deny("workflow report", "the reports read no cloud credentials", "secretsmanager:GetSecretValue",
                cloudAccountSecret(OWNER));
        deny("workflow report", "the reports touch no cloud-account item", "dynamodb:GetItem", table(CLOUD_ACCOUNTS));
        deny("run preflight", "the preflight assumes a role of Skyport's own account", "sts:AssumeRole",
                "arn:aws:iam::" + DeployedValues.ACCOUNT + ":role/admin");
        deny("run preflight", "the preflight writes cloud-account items", "dynamodb:PutItem", table(CLOUD_ACCOUNTS));
        deny("run preflight", "the preflight reads the token signing keys", "secretsmanager:GetSecretValue",
                ref("AWS::SecretsManager::Secret", "TokenSigningKeys"));
        deny("run preflight", "the preflight reads cluster items", "dynamodb:GetItem", table(CLUSTERS));
        across("run preflight", "the preflight assumes a customer's role without the owner's external id", false,
                "sts:AssumeRole", customer().roleArn(), customerTrustPolicy(), "sts:ExternalId", "skyport-someone-else");
        deny("cloud-accounts", "verification assumes a role of Skyport's own account", "sts:AssumeRole",
                "arn:aws:iam::" + DeployedValues.ACCOUNT + ":role/admin");
        deny("cloud-accounts", "secrets outside the cloud-accounts prefix", "secretsmanager:GetSecretValue",
                ref("AWS::SecretsManager::Secret", "TokenSigningKeys"));
        deny("cloud-accounts user-deleted", "the clean-up only deletes", "secretsmanager:GetSecretValue",
                cloudAccountSecret(OWNER));
        deny("clusters", "the API never reads cloud credentials", "secretsmanager:GetSecretValue",
                cloudAccountSecret(OWNER));
        deny("clusters", "the API never writes cloud-account items", "dynamodb:PutItem", table(CLOUD_ACCOUNTS));
        deny("clusters", "the API never updates cloud-account items", "dynamodb:UpdateItem", table(CLOUD_ACCOUNTS));
        deny("cloud-accounts", "the cloud-accounts API never writes cluster items", "dynamodb:UpdateItem",
                table(CLUSTERS));
        deny("accounts", "the accounts API never writes cluster items", "dynamodb:UpdateItem", table(CLUSTERS));
        deny("clusters", "the clusters API never writes a person", "dynamodb:UpdateItem", table(USERS),
                "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
        deny("clusters", "the clusters API checks only people's partitions", "dynamodb:ConditionCheckItem",
                table(USERS), "dynamodb:LeadingKeys", List.of("WSTICKET#abc"));
        deny("clusters expiry", "the sweep reads no cloud credentials", "secretsmanager:GetSecretValue",
                cloudAccountSecret(OWNER));
        deny("clusters expiry", "the sweep stops no run", "states:StopExecution",
                ref("AWS::StepFunctions::StateMachine", "StateMachine").replace(":stateMachine:", ":execution:")
                        + ":0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        deny("clusters expiry", "the sweep reads no cloud-account item", "dynamodb:GetItem", table(CLOUD_ACCOUNTS));
        deny("clusters expiry-schedules", "a schedule outside Skyport's expiry group (the default group)",
                "scheduler:CreateSchedule", expirySchedule("default"));
        deny("clusters expiry-schedules", "a schedule outside Skyport's expiry group (another group)",
                "scheduler:UpdateSchedule", expirySchedule("someone-elses-group"));
        deny("clusters expiry-schedules", "passing another role to the scheduler (the expiry function's own)",
                "iam:PassRole", role("clusters expiry").arn(), "iam:PassedToService", "scheduler.amazonaws.com");
        deny("clusters expiry-schedules", "passing the scheduler role to another service", "iam:PassRole",
                role("expiry scheduler").arn(), "iam:PassedToService", "lambda.amazonaws.com");
        deny("clusters expiry-schedules", "the schedules' keeper writes no cluster item", "dynamodb:PutItem",
                table(CLUSTERS));
        deny("clusters expiry-schedules", "the schedules' keeper invokes no function itself",
                "lambda:InvokeFunction", ref("AWS::Lambda::Alias", "ClustersExpirySweepLive"));
        deny("expiry scheduler", "the scheduler invokes no other function (the clusters API)",
                "lambda:InvokeFunction", ref("AWS::Lambda::Alias", "ClustersFunctionLive"));
        deny("expiry scheduler", "the scheduler reads no table", "dynamodb:GetItem", table(CLUSTERS));
        for (String component : AUDIT_RECORDERS) {
            deny(component, "audit entries are never changed", "dynamodb:UpdateItem", table(AUDIT));
            deny(component, "audit entries are never deleted", "dynamodb:DeleteItem", table(AUDIT));
            deny(component, "nor deleted in a batch (BatchWriteItem's DeleteRequest)", "dynamodb:BatchWriteItem",
                    table(AUDIT));
            deny(component, "nor changed through PartiQL", "dynamodb:PartiQLUpdate", table(AUDIT));
            deny(component, "nor is the table removed", "dynamodb:DeleteTable", table(AUDIT));
            deny(component, "nor what it keeps shortened", "dynamodb:UpdateTimeToLive", table(AUDIT));
        }
        deny("clusters", "only the accounts function reads the audit log", "dynamodb:Query", table(AUDIT));
        deny("accounts", "the audit log is read by Query, never Scan", "dynamodb:Scan", table(AUDIT));
        deny("realtime live-events", "a function that records nothing cannot write the audit log",
                "dynamodb:PutItem", table(AUDIT));
        deny("accounts pending-events", "the event relay records nothing", "dynamodb:PutItem", table(AUDIT));
        deny("realtime websocket", "a socket reads no more of a person than whether a session is live",
                "dynamodb:GetItem", table(USERS), "dynamodb:LeadingKeys", List.of("USER#" + OWNER),
                "dynamodb:Attributes", List.of("pk", "sk", "revoked", "passwordHash"), "dynamodb:Select",
                "SPECIFIC_ATTRIBUTES");
        deny("realtime websocket", "a socket writes no user item", "dynamodb:UpdateItem", table(USERS),
                "dynamodb:LeadingKeys", List.of("USER#" + OWNER));
    }

    private static String table() {
        StringBuilder text = new StringBuilder("\nIAM simulation (@cloud-copilot/iam-simulate) of every AWS call:\n");
        text.append(String.format("| %-28s | %-34s | %-92s | %-16s | %s |%n", "component", "action", "resource",
                "decision", "expected"));
        for (Decision decision : decisions) {
            Expectation row = TABLE.get(decisions.indexOf(decision));
            text.append(String.format("| %-28s | %-34s | %-92s | %-16s | %s |%n", row.component(),
                    decision.request().action(), decision.request().resource(), decision.result(),
                    row.allowed() ? "allow" : "deny: " + row.site()));
        }
        return text.toString();
    }

    // --- the checks -----------------------------------------------------------------------------------------------

    private static List<String> mismatches(boolean allowed) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            Decision decision = decisions.get(i);
            Expectation row = TABLE.get(i);
            if (row.allowed() != allowed) {
                continue;
            }
            boolean ok = allowed ? decision.allowed() : decision.denied();
            if (!ok) {
                wrong.add(row.component() + " (" + row.site() + "): " + decision.request().action() + " on "
                        + decision.request().resource() + " " + decision.request().context() + " -> "
                        + decision.result() + " " + decision.errors());
            }
        }
        return wrong;
    }

    @Test
    void every_aws_call_of_every_component_is_allowed_by_the_role_that_makes_it() {
        assertThat(mismatches(true)).as("calls the simulator does not allow").isEmpty();
    }

    @Test
    void what_no_component_may_do_is_refused() {
        assertThat(mismatches(false)).as("requests that must be refused").isEmpty();
    }

    @Test
    void every_sdk_call_in_the_lambda_jars_is_in_the_table() throws IOException {
        Map<String, Set<String>> sites = new TreeMap<>();
        try (var modules = Files.newDirectoryStream(Path.of("../functions"))) {
            for (Path module : modules) {
                Path target = module.resolve("target");
                if (!Files.isDirectory(target)) {
                    continue;
                }
                try (var jars = Files.newDirectoryStream(target, "*-lambda.jar")) {
                    for (Path jar : jars) {
                        AwsCallSites.in(jar).forEach((site, actions) ->
                                sites.computeIfAbsent(site, k -> new TreeSet<>()).addAll(actions));
                    }
                }
            }
        }
        assertThat(sites).as("call sites in the Lambda jars").hasSizeGreaterThan(15);
        Map<String, Set<String>> covered = TABLE.stream().filter(Expectation::allowed).collect(Collectors.groupingBy(
                Expectation::site, Collectors.mapping(row -> row.request().action(), Collectors.toSet())));
        List<String> missing = new ArrayList<>();
        sites.forEach((site, actions) -> {
            if (NOT_RUN_IN_AWS.containsKey(site)) {
                return;
            }
            for (String action : actions) {
                if (NEED_NO_PERMISSION.contains(action)) {
                    continue;
                }
                Set<String> rows = covered.getOrDefault(site, Set.of());
                boolean found = action.equals("dynamodb:TransactWriteItems")
                        ? rows.stream().anyMatch(ITEM_WRITES::contains) : rows.contains(action);
                if (!found) {
                    missing.add(site + " calls " + action);
                }
            }
        });
        assertThat(missing).as("SDK calls with no row in this table (say which component makes them, on what)")
                .isEmpty();
    }
}
