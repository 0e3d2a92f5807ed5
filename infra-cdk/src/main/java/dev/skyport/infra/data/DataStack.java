package dev.skyport.infra.data;

import dev.skyport.infra.SkyportSettings;
import dev.skyport.platform.dynamodb.SkyportTables;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Everything that holds state or outlives a deployment of the functions: tables, the signing key and the topic the
 * contexts exchange domain events on.
 */
public class DataStack extends Stack {

    private final ITable users;
    private final ITable cloudAccounts;
    private final ISecret signingKey;
    private final ITopic platformEvents;

    public DataStack(Construct scope, String id, StackProps props, SkyportSettings settings) {
        super(scope, id, props);
        this.users = new SkyportTable(this, "UsersTable", SkyportTables.USERS, settings.deletionProtection()).table();
        this.cloudAccounts = new SkyportTable(this, "CloudAccountsTable", SkyportTables.CLOUD_ACCOUNTS,
                settings.deletionProtection()).table();

        Secret key = Secret.Builder.create(this, "TokenSigningKey")
                .description("Signs and verifies Skyport access tokens (HS256)")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .build())
                .build();
        NagSuppressions.addResourceSuppressions(key, List.of(NagPackSuppression.builder().id("AwsSolutions-SMG4")
                .reason("Rotating the signing key signs every person out; it is rotated by hand (see README), not on"
                        + " a schedule.")
                .build()));
        this.signingKey = key;

        this.platformEvents = Topic.Builder.create(this, "PlatformEvents")
                .displayName("Skyport platform events")
                .masterKey(Alias.fromAliasName(this, "SnsManagedKey", "alias/aws/sns"))
                .enforceSsl(true)
                .build();

        CfnOutput.Builder.create(this, "UsersTableName").value(users.getTableName())
                .description("The users table (for sam local invoke: SKYPORT_TABLES_USERS)").build();
        CfnOutput.Builder.create(this, "CloudAccountsTableName").value(cloudAccounts.getTableName())
                .description("The cloud-accounts table (for sam local invoke: SKYPORT_TABLES_CLOUD_ACCOUNTS)").build();
        CfnOutput.Builder.create(this, "PlatformEventsTopicArn").value(platformEvents.getTopicArn())
                .description("The platform-events topic (for sam local invoke: SKYPORT_EVENTS_TOPIC_ARN)").build();
        CfnOutput.Builder.create(this, "SigningKeySecretArn").value(key.getSecretArn())
                .description("The token signing key (for sam local invoke: SKYPORT_SECURITY_SIGNING_KEY_SECRET_ID)")
                .build();
    }

    public ITable users() {
        return users;
    }

    public ITable cloudAccounts() {
        return cloudAccounts;
    }

    public ISecret signingKey() {
        return signingKey;
    }

    /** Domain events between contexts ({@code user.deleted}, ...). */
    public ITopic platformEvents() {
        return platformEvents;
    }
}
