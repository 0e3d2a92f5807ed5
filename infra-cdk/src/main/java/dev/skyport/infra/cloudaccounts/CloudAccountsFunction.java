package dev.skyport.infra.cloudaccounts;

import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.constructs.Construct;

/**
 * The cloud-accounts function (HTTP routes) and its user.deleted subscriber. The API function reads and writes the
 * cloud-accounts table, manages secrets under {@code skyport/cloud-accounts/} only, and may assume customers' roles
 * (their trust policy, with the user's external id, decides). The subscriber may only clean up.
 */
public class CloudAccountsFunction extends Construct {

    public static final String SECRET_PREFIX = "skyport/cloud-accounts/";

    private final SkyportFunction api;
    private final SkyportFunction cleanup;

    public CloudAccountsFunction(Construct scope, String id, SkyportSettings settings, HttpApi httpApi,
                                 ITable cloudAccounts, ISecret signingKey, ITopic platformEvents) {
        super(scope, id);
        String secrets = Stack.of(this).formatArn(ArnComponents.builder().service("secretsmanager")
                .resource("secret").resourceName(SECRET_PREFIX + "*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());

        api = new SkyportFunction(this, "Function", settings.functionJar("cloud-accounts"),
                "dev.skyport.cloudaccounts.CloudAccountsHandler", Map.of(
                        "SKYPORT_TABLES_CLOUD_ACCOUNTS", cloudAccounts.getTableName(),
                        "SKYPORT_SECURITY_SIGNING_KEY_SECRET_ID", signingKey.getSecretArn()));
        api.function().addEnvironment("SKYPORT_PROVIDERS_AWS_TRUSTED_PRINCIPAL", api.role().getRoleArn());
        cloudAccounts.grantReadWriteData(api.role());
        signingKey.grantRead(api.role());
        api.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:CreateSecret", "secretsmanager:GetSecretValue",
                        "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:TagResource"))
                .resources(List.of(secrets)).build());
        api.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of("arn:" + Stack.of(this).getPartition() + ":iam::*:role/*")).build());
        api.routes(httpApi, "CloudAccounts", settings.functionJar("cloud-accounts"), "cloud-accounts");

        cleanup = new SkyportFunction(this, "UserDeleted", settings.functionJar("cloud-accounts"),
                "dev.skyport.cloudaccounts.UserDeletedHandler", Map.of(
                        "SKYPORT_TABLES_CLOUD_ACCOUNTS", cloudAccounts.getTableName(),
                        "SKYPORT_SECURITY_SIGNING_KEY_SECRET_ID", signingKey.getSecretArn()));
        cloudAccounts.grantReadWriteData(cleanup.role());
        signingKey.grantRead(cleanup.role());
        cleanup.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:DeleteSecret")).resources(List.of(secrets)).build());
        platformEvents.addSubscription(LambdaSubscription.Builder.create(cleanup.live())
                .filterPolicy(Map.of("type", SubscriptionFilter.stringFilter(
                        software.amazon.awscdk.services.sns.StringConditions.builder()
                                .allowlist(List.of("user.deleted")).build())))
                .build());

        for (SkyportFunction function : List.of(api, cleanup)) {
            function.acknowledgeIndexGrant("CloudAccountsTable");
            NagSuppressions.addResourceSuppressions(function.role(), List.of(
                    NagPackSuppression.builder().id("AwsSolutions-IAM5")
                            .reason("One secret per cloud account, created at run time: the names are known only by"
                                    + " their Skyport prefix.")
                            .appliesTo(List.of(RegexAppliesTo.builder()
                                    .regex("/^Resource::arn:.*:secretsmanager:.*:secret:skyport\\/cloud-accounts\\/\\*$/g")
                                    .build()))
                            .build(),
                    NagPackSuppression.builder().id("AwsSolutions-IAM5")
                            .reason("Customers' roles live in their own accounts and are named by them; each role's"
                                    + " trust policy, with the user's external id, decides whether Skyport may assume it.")
                            .appliesTo(List.of("Resource::arn:<AWS::Partition>:iam::*:role/*"))
                            .build()), true);
        }
    }

    public SkyportFunction api() {
        return api;
    }

    public SkyportFunction cleanup() {
        return cleanup;
    }
}
