package dev.skyport.infra.data;

import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.operations.OperationsTopic;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.security.TokenKeySets;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Everything that holds state or outlives a deployment of the functions: tables, the token keys, the topic the
 * contexts exchange domain events on, and the operations topic every alarm goes to (its subscriptions, once
 * confirmed, must survive the functions' redeployments).
 */
public class DataStack extends Stack {

    private final List<SkyportTable> tables;
    private final ITable users;
    private final ITable cloudAccounts;
    private final ITable clusters;
    private final ITable notifications;
    private final ITable connections;
    private final ITable audit;
    private final AuditArchiveBucket auditArchive;
    private final ISecret signingKeys;
    private final ISecret verificationKeys;
    private final ITopic platformEvents;
    private final OperationsTopic operations;

    public DataStack(Construct scope, String id, StackProps props, SkyportSettings settings) {
        super(scope, id, props);
        this.tables = List.of(
                new SkyportTable(this, "UsersTable", SkyportTables.USERS, settings.deletionProtection()),
                new SkyportTable(this, "CloudAccountsTable", SkyportTables.CLOUD_ACCOUNTS,
                        settings.deletionProtection()),
                new SkyportTable(this, "ClustersTable", SkyportTables.CLUSTERS, settings.deletionProtection()),
                new SkyportTable(this, "NotificationsTable", SkyportTables.NOTIFICATIONS,
                        settings.deletionProtection()),
                new SkyportTable(this, "ConnectionsTable", SkyportTables.CONNECTIONS, settings.deletionProtection()),
                new SkyportTable(this, "AuditTable", SkyportTables.AUDIT, settings.deletionProtection()));
        this.users = tables.get(0).table();
        this.cloudAccounts = tables.get(1).table();
        this.clusters = tables.get(2).table();
        this.notifications = tables.get(3).table();
        this.connections = tables.get(4).table();
        this.audit = tables.get(5).table();
        this.auditArchive = new AuditArchiveBucket(this, "AuditArchive", settings.auditArchiveDays(),
                settings.deletionProtection());

        // Both start as an empty key set: 'java -jar shared/tools/target/skyport-tools.jar token-keys init' (README,
        // "Deploy to AWS") makes the first key; the API functions refuse to start until then and say so.
        // CloudFormation writes the value only when this template value changes, which it never does, so a redeploy
        // leaves the keys alone.
        Secret signing = Secret.Builder.create(this, "TokenSigningKeys")
                .description("The private ES256 keys that sign Skyport access tokens (auth and accounts only)")
                .secretStringValue(SecretValue.unsafePlainText(TokenKeySets.NO_KEYS_YET))
                .build();
        Secret verification = Secret.Builder.create(this, "TokenVerificationKeys")
                .description("The public ES256 keys every Skyport function verifies access tokens with")
                .secretStringValue(SecretValue.unsafePlainText(TokenKeySets.NO_KEYS_YET))
                .build();
        for (Secret keys : List.of(signing, verification)) {
            NagSuppressions.addResourceSuppressions(keys, List.of(NagPackSuppression.builder().id("AwsSolutions-SMG4")
                    .reason("Token keys rotate in three steps (add, promote, retire) with 'java -jar"
                            + " shared/tools/target/skyport-tools.jar token-keys', spaced by the key cache age and the"
                            + " token lifetime (docs/deploy.md, 'Token signing keys'); a Secrets Manager rotation"
                            + " function changes one secret in one go.")
                    .build()));
        }
        this.signingKeys = signing;
        this.verificationKeys = verification;

        this.platformEvents = Topic.Builder.create(this, "PlatformEvents")
                .displayName("Skyport platform events")
                .masterKey(Alias.fromAliasName(this, "SnsManagedKey", "alias/aws/sns"))
                .enforceSsl(true)
                .build();

        operations = new OperationsTopic(this, "Operations", settings.alarmEmail());

        CfnOutput.Builder.create(this, "UsersTableName").value(users.getTableName())
                .description("The users table (for sam local invoke: SKYPORT_TABLES_USERS)").build();
        CfnOutput.Builder.create(this, "CloudAccountsTableName").value(cloudAccounts.getTableName())
                .description("The cloud-accounts table (for sam local invoke: SKYPORT_TABLES_CLOUD_ACCOUNTS)").build();
        CfnOutput.Builder.create(this, "ClustersTableName").value(clusters.getTableName())
                .description("The clusters table (for sam local invoke: SKYPORT_TABLES_CLUSTERS)").build();
        CfnOutput.Builder.create(this, "NotificationsTableName").value(notifications.getTableName())
                .description("The notifications table (for sam local invoke: SKYPORT_TABLES_NOTIFICATIONS)").build();
        CfnOutput.Builder.create(this, "ConnectionsTableName").value(connections.getTableName())
                .description("The WebSocket connections table (for sam local invoke: SKYPORT_TABLES_CONNECTIONS)")
                .build();
        CfnOutput.Builder.create(this, "AuditTableName").value(audit.getTableName())
                .description("The audit log (for sam local invoke: SKYPORT_TABLES_AUDIT)").build();
        CfnOutput.Builder.create(this, "AuditArchiveBucketName").value(auditArchive.bucket().getBucketName())
                .description("The audit log's long-term copies, under Object Lock (docs/operations.md)").build();
        CfnOutput.Builder.create(this, "PlatformEventsTopicArn").value(platformEvents.getTopicArn())
                .description("The platform-events topic (for sam local invoke: SKYPORT_EVENTS_TOPIC_ARN)").build();
        CfnOutput.Builder.create(this, "TokenSigningKeysSecretArn").value(signing.getSecretArn())
                .description("The private token keys (skyport-tools.jar token-keys --signing-secret-id;"
                        + " SKYPORT_SECURITY_SIGNING_KEYS_SECRET_ID)")
                .build();
        CfnOutput.Builder.create(this, "TokenVerificationKeysSecretArn").value(verification.getSecretArn())
                .description("The public token keys (skyport-tools.jar token-keys --verification-secret-id;"
                        + " SKYPORT_SECURITY_VERIFICATION_KEYS_SECRET_ID)")
                .build();
        CfnOutput.Builder.create(this, "OperationsTopicArn").value(operations.topic().getTopicArn())
                .description("Every alarm of Skyport: subscribe people, a pager or AWS Chatbot (docs/operations.md)")
                .build();
    }

    /** Every table, with its alarms' metrics. */
    public List<SkyportTable> tables() {
        return tables;
    }

    public ITable users() {
        return users;
    }

    public ITable cloudAccounts() {
        return cloudAccounts;
    }

    /** Clusters, their history and guards; its stream carries every status change. */
    public ITable clusters() {
        return clusters;
    }

    /** Each person's notifications and unread count; items expire. */
    public ITable notifications() {
        return notifications;
    }

    /** The open WebSocket connections, found per person through {@code byUser}; items expire. */
    public ITable connections() {
        return connections;
    }

    /** The audit log: appended to by the functions, read by the accounts function, changed by none; items expire. */
    public ITable audit() {
        return audit;
    }

    /** The audit log's long-term copies, under Object Lock; only the audit archive function writes them. */
    public IBucket auditArchive() {
        return auditArchive.bucket();
    }

    /** The private token keys: only functions that issue tokens may read them. */
    public ISecret signingKeys() {
        return signingKeys;
    }

    /** The public token keys: every function that takes HTTP requests reads them. */
    public ISecret verificationKeys() {
        return verificationKeys;
    }

    /** Where every alarm goes (AlarmActions). */
    public ITopic operationsTopic() {
        return operations.topic();
    }

    /** Domain events between contexts ({@code user.deleted}, ...). */
    public ITopic platformEvents() {
        return platformEvents;
    }
}
