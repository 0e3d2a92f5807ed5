package dev.skyport.infra.clusters;

import dev.skyport.clusters.config.ClustersSettings;
import dev.skyport.infra.ReservedConcurrency;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.cloudaccounts.CustomerAccess;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The run broker: the only way a Terraform task gets its run's configuration and its owner's cloud credentials. A
 * Lambda function URL with IAM authentication, so AWS itself says which ECS task signs each request (ECS names a task
 * role's session after the task), and ECS says which run the workflow started that task for. The task's own role
 * reads no table and no secret and assumes no role: whatever runs inside a task can obtain only that run's owner's
 * credentials. The broker may read cluster and cloud-account items, record a run's log stream, read the cloud
 * accounts' secrets, describe the tasks of Skyport's ECS cluster, and assume customers' roles (never one of
 * Skyport's own account; the customer's trust policy and external id decide). It also keeps the plans bucket: a plan
 * run's task puts its plan file, and a run that applies that plan reads it, each through a URL the broker signs for
 * that one object and method, for five minutes; so the broker may put and get plan files, and a task's role may not.
 */
public class RunBroker extends Construct {

    /** A plan can be applied for 24 hours (ClusterRequests.PLAN_KEPT); its file is kept a day longer, then goes. */
    static final int PLAN_FILE_DAYS = 2;

    private final SkyportFunction function;
    private final FunctionUrl url;
    private final Bucket plans;

    public RunBroker(Construct scope, String id, SkyportSettings settings, ITable clusters, ITable cloudAccounts,
                     ICluster ecsCluster, FargateTaskDefinition task, String container, String logStreamPrefix,
                     String runnerCidr) {
        super(scope, id);
        // A plan file holds what Terraform read from the cloud, sensitive values included: encrypted with a key of
        // its own, never public, TLS only, gone two days after it was made.
        Key plansKey = Key.Builder.create(this, "PlanFilesKey")
                .description("Skyport: the plan files of plan runs")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .pendingWindow(Duration.days(7))
                .build();
        plans = Bucket.Builder.create(this, "PlanFiles")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(plansKey)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .expiration(Duration.days(PLAN_FILE_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                // Empty within two days of the last plan: a stack deleted later takes it along.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        function = new SkyportFunction(this, "Function", settings.functionJar("clusters"),
                "dev.skyport.clusters.RunBrokerHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLUSTERS)), clusters.getTableName(),
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLOUD_ACCOUNTS)), cloudAccounts.getTableName(),
                        EnvironmentNames.of(ClustersSettings.RUN_BROKER_ECS_CLUSTER), ecsCluster.getClusterArn(),
                        EnvironmentNames.of(ClustersSettings.RUN_BROKER_TASK_FAMILY), task.getFamily(),
                        EnvironmentNames.of(ClustersSettings.RUN_BROKER_CONTAINER), container,
                        EnvironmentNames.of(ClustersSettings.RUN_BROKER_TASK_ROLE_ARN), task.getTaskRole().getRoleArn(),
                        EnvironmentNames.of(ClustersSettings.RUN_BROKER_PLANS_BUCKET), plans.getBucketName(),
                        EnvironmentNames.of(ClustersSettings.TASK_LOG_STREAM_PREFIX), logStreamPrefix,
                        EnvironmentNames.of(ClustersSettings.RUNNER_CIDRS), runnerCidr));
        // A task that asks in a loop (each answer assumes a role and reads a secret) cannot take more than this from
        // the account, nor starve the API's functions (ReservedConcurrency, skyport:reservedConcurrency).
        ReservedConcurrency.of(settings.reservedConcurrency().runBroker()).ifPresent(reservation ->
                ((CfnFunction) function.function().getNode().getDefaultChild())
                        .setReservedConcurrentExecutions(reservation));
        url = function.live().addFunctionUrl(FunctionUrlOptions.builder().authType(FunctionUrlAuthType.AWS_IAM)
                .build());

        // The cluster and its run (GetItem); the run's log stream (the run item, while the cluster is unchanged).
        clusters.grant(function.role(), "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem");
        function.acknowledgeIndexGrant("ClustersTable");
        // The cluster's cloud account and the owner's external id.
        cloudAccounts.grant(function.role(), "dynamodb:GetItem");
        CustomerAccess.readSecrets(function, "the broker reads only the one of the run it was asked for, after ECS"
                + " vouched for the task.");
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:DescribeTasks"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder().service("ecs").resource("task")
                        .resourceName(ecsCluster.getClusterName() + "/*").build())))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", ecsCluster.getClusterArn())))
                .build());
        CustomerAccess.assumeCustomerRoles(function);
        // The URLs it signs act with its role: it may put and get plan files, nothing else of the bucket, and use
        // the key only through S3.
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:GetObject"))
                .resources(List.of(plans.arnForObjects("plans/*")))
                .build());
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(plansKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                        "s3." + Stack.of(this).getRegion() + ".amazonaws.com")))
                .build());
        NagSuppressions.addResourceSuppressions(plans, List.of(NagPackSuppression.builder().id("AwsSolutions-S1")
                .reason("Plan files live two days and are reached only through URLs the run broker signs, each"
                        + " logged by the broker (which run, which cluster) and by CloudTrail.")
                .build()));

        NagSuppressions.addResourceSuppressions(function.role(), List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("Task ids exist only at run time: DescribeTasks on the tasks of Skyport's own ECS"
                                + " cluster, which the condition names.")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::arn:.*:ecs:.*:task\\/.*\\/\\*$/g")
                                .build()))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("Plan files are named by cluster and plan run, known only at run time: put and get"
                                + " of the plans/ folder of the plans bucket only.")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::.*PlanFiles.*\\/plans\\/\\*$/g")
                                .build()))
                        .build()), true);
    }

    /** The task may call the broker with its own role, and do nothing else with it. */
    public void allowCallsFrom(IGrantable taskRole) {
        function.live().grantInvokeUrl(taskRole);
    }

    public SkyportFunction function() {
        return function;
    }

    public FunctionUrl url() {
        return url;
    }

    /** Where plan runs keep their plan files. */
    public Bucket plans() {
        return plans;
    }
}
