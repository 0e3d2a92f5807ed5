package dev.skyport.infra.cloudaccounts;

import dev.skyport.cloudaccounts.config.CloudAccountsSettings;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.TokenKeys;
import dev.skyport.infra.api.WatchedDeadLetters;
import dev.skyport.platform.aws.AwsSettings;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SessionFamilyItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.events.EventSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The cloud-accounts function (HTTP routes) and its user.deleted subscriber. The API function reads and writes the
 * cloud-accounts table, manages secrets under {@code skyport/cloud-accounts/} only, and may assume customers' roles
 * (their trust policy, with the user's external id, decides) but never a role in Skyport's own account. The
 * subscriber may only find and delete; an event it cannot handle ends in a dead-letter queue with an alarm on it.
 */
public class CloudAccountsFunction extends Construct {

    public static final String SECRET_PREFIX = "skyport/cloud-accounts/";

    private final SkyportFunction api;
    private final SkyportFunction cleanup;
    private final Queue deadLetters;
    private final Alarm deadLetterAlarm;

    public CloudAccountsFunction(Construct scope, String id, SkyportSettings settings, HttpApi httpApi,
                                 ITable cloudAccounts, ITable users, ITable clusters, TokenKeys tokenKeys,
                                 ITopic platformEvents, List<IRole> runRoles) {
        super(scope, id);
        String secrets = CustomerAccess.secrets(this);

        api = new SkyportFunction(this, "Function", settings.functionJar("cloud-accounts"),
                "dev.skyport.cloudaccounts.CloudAccountsHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLOUD_ACCOUNTS)), cloudAccounts.getTableName(),
                        // a failed re-verification is announced: its owner is notified
                        EnvironmentNames.of(EventSettings.TOPIC_ARN), platformEvents.getTopicArn()));
        platformEvents.grantPublish(api.role());
        // What a customer's role must trust: this function (it verifies the role), the run broker (it assumes the
        // role for each run) and the run preflight. GET /cloud-accounts/aws/external-id names them.
        List<String> trusted = new ArrayList<>(List.of(api.role().getRoleArn()));
        runRoles.forEach(role -> trusted.add(role.getRoleArn()));
        api.function().addEnvironment(EnvironmentNames.of(CloudAccountsSettings.AWS_TRUSTED_PRINCIPALS), String.join(",", trusted));
        cloudAccounts.grantReadWriteData(api.role());
        api.readDependents(clusters);
        // The delete's transaction checks that no cluster lives in the account (CloudAccountInUse): a read, no write.
        clusters.grant(api.role(), "dynamodb:ConditionCheckItem");
        api.allowSessionChecks(users);
        api.allowPersonalTokens(users);
        tokenKeys.verify(api);
        api.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:CreateSecret", "secretsmanager:GetSecretValue",
                        "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:TagResource"))
                .resources(List.of(secrets)).build());
        // The application refuses roles of Skyport's own account as well (SKYPORT_AWS_ACCOUNT_ID) before IAM does.
        CustomerAccess.assumeCustomerRoles(api);
        api.function().addEnvironment(EnvironmentNames.of(AwsSettings.ACCOUNT_ID), Aws.ACCOUNT_ID);
        api.routes(httpApi, "CloudAccounts", settings.functionJar("cloud-accounts"), "cloud-accounts");

        cleanup = new SkyportFunction(this, "UserDeleted", settings.functionJar("cloud-accounts"),
                "dev.skyport.cloudaccounts.UserDeletedHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLOUD_ACCOUNTS)), cloudAccounts.getTableName()));
        // Finds the user's items (Query) and secrets (their ARNs are in the items), deletes them: no put, no update.
        cloudAccounts.grant(cleanup.role(), "dynamodb:Query", "dynamodb:DeleteItem");
        cleanup.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:DeleteSecret")).resources(List.of(secrets)).build());

        WatchedDeadLetters watched = new WatchedDeadLetters(this, "UserDeletedDeadLetters",
                "the user.deleted subscription and of the clean-up function's asynchronous invocations",
                "A user.deleted event could not be handled: that user's cloud accounts and secrets may still exist."
                        + " Read the message, fix the cause, redrive it.");
        deadLetters = watched.queue();
        deadLetterAlarm = watched.alarm();
        // Lambda retries a failed event twice, then hands it here; SNS does the same when it cannot invoke at all.
        cleanup.live().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(2)
                .onFailure(new SqsDestination(deadLetters))
                .build());
        platformEvents.addSubscription(LambdaSubscription.Builder.create(cleanup.live())
                .deadLetterQueue(deadLetters)
                .filterPolicy(Map.of("type", SubscriptionFilter.stringFilter(
                        software.amazon.awscdk.services.sns.StringConditions.builder()
                                .allowlist(List.of("user.deleted")).build())))
                .build());

        api.acknowledgeIndexGrant("CloudAccountsTable");
        for (SkyportFunction function : List.of(api, cleanup)) {
            CustomerAccess.acknowledgeSecrets(function, "One secret per cloud account, created at run time: the"
                    + " names are known only by their Skyport prefix.");
        }
    }

    public SkyportFunction api() {
        return api;
    }

    public SkyportFunction cleanup() {
        return cleanup;
    }

    /** Where user.deleted events end that the clean-up could not handle. */
    public Queue deadLetters() {
        return deadLetters;
    }

    public Alarm deadLetterAlarm() {
        return deadLetterAlarm;
    }
}
