package dev.skyport.infra.clusters;

import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.data.DataStack;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.NatGatewayProps;
import software.amazon.awscdk.services.ec2.NatProvider;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.QueryLanguage;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The provisioning workflow: a Step Functions state machine ({@link ProvisioningDefinition}) that runs the Terraform
 * image as an ECS Fargate task per run, in private subnets of a VPC of its own whose one NAT gateway gives every run
 * the same public address (the runner address every cluster's API lets in); the task's only way out is HTTPS. Each
 * task learns its run from the run broker ({@link RunBroker}); before it starts, the preflight ({@link PreflightFunction})
 * has asked the provider whether the run can succeed; every mark of the run is a report to the workflow-report
 * function (the clusters code's {@code RunReports}). Kept apart from the data (it holds none) and from the
 * API functions (it changes when the image does).
 */
public class ProvisioningStack extends Stack {

    /** The task's container: its name is part of each run's CloudWatch log stream. */
    public static final String CONTAINER = "terraform";
    /** The first part of each run's log stream: {@code <prefix>/<container>/<task id>}. */
    static final String LOG_STREAM_PREFIX = "terraform";
    /** The task's only writable place: its scratch volume, the image's TMPDIR and HOME. */
    static final String WORK_VOLUME = "work";
    /** Where that volume is mounted: the image makes it, owned by the runner, and points TMPDIR and HOME at it. */
    public static final String WORK_PATH = "/work";

    private final StateMachine stateMachine;
    private final LogGroup taskLogs;
    private final FargateTaskDefinition task;
    private final ContainerDefinition container;
    private final Cluster ecsCluster;
    private final RunBroker broker;
    private final PreflightFunction preflight;
    private final SkyportFunction reports;
    private final CfnEIP runnerAddress;

    public ProvisioningStack(Construct scope, String id, StackProps props, SkyportSettings settings, DataStack data) {
        super(scope, id, props);
        LogGroup flowLogs = LogGroup.Builder.create(this, "VpcFlowLogs")
                .retention(RetentionDays.THREE_MONTHS).removalPolicy(RemovalPolicy.DESTROY).build();
        // The runners' one fixed egress address: every cluster's API lets it in (so a run installs the add-ons),
        // and a customer can allow it by name.
        runnerAddress = CfnEIP.Builder.create(this, "RunnerEip").domain("vpc").build();
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(1)
                .natGatewayProvider(NatProvider.gateway(NatGatewayProps.builder()
                        .eipAllocationIds(List.of(runnerAddress.getAttrAllocationId())).build()))
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("egress").subnetType(SubnetType.PUBLIC).cidrMask(26)
                                .build(),
                        SubnetConfiguration.builder().name("tasks").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(24).build()))
                .flowLogs(Map.of("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs)).build()))
                .build();
        SecurityGroup egress = SecurityGroup.Builder.create(this, "TaskEgress")
                .vpc(vpc)
                .description("Terraform tasks: HTTPS out to the cloud APIs only, nothing in")
                .allowAllOutbound(false)
                .build();
        egress.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to the cloud providers' APIs");

        ecsCluster = Cluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        taskLogs = LogGroup.Builder.create(this, "TaskLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        task = FargateTaskDefinition.Builder.create(this, "TerraformTask")
                .cpu(1024)
                .memoryLimitMiB(2048)
                .volumes(List.of(Volume.builder().name(WORK_VOLUME).build()))
                .build();
        container = task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromAsset(settings.terraformImage().toString()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(taskLogs)
                        .streamPrefix(LOG_STREAM_PREFIX).build()))
                // Nothing in the image can be changed by a run: Terraform, its providers and the entry script
                // write only to the task's own scratch volume (the image's TMPDIR and HOME).
                .readonlyRootFilesystem(true)
                // Terraform stops at a safe point on SIGTERM (a cancel): it lets the provider calls under way
                // finish, writes the state and releases its lock. Fargate allows at most 120 s before SIGKILL.
                .stopTimeout(Duration.seconds(120))
                .build());
        container.addMountPoints(MountPoint.builder().sourceVolume(WORK_VOLUME).containerPath(WORK_PATH)
                .readOnly(false).build());

        broker = new RunBroker(this, "RunBroker", settings, data.clusters(), data.cloudAccounts(), ecsCluster, task,
                CONTAINER, LOG_STREAM_PREFIX + "/" + CONTAINER + "/", runnerAddress.getAttrPublicIp() + "/32");
        container.addEnvironment("SKYPORT_RUN_BROKER_URL", broker.url().getUrl());
        container.addEnvironment("AWS_REGION", Aws.REGION);
        broker.allowCallsFrom(task.getTaskRole());
        task.getTaskRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"))
                // These actions have no resource-level permissions (Service Authorization Reference): "*" is the
                // only resource a policy can name for them. The task token, which only this task holds, is what
                // names the run.
                .resources(List.of("*"))
                .build());

        preflight = new PreflightFunction(this, "RunPreflight", settings, data.cloudAccounts());
        // Every mark of a run (the clusters code's RunReports): it reads and writes the clusters table, nothing else.
        reports = new SkyportFunction(this, "WorkflowReport", settings.functionJar("clusters"),
                "dev.skyport.clusters.WorkflowReportHandler",
                Map.of(EnvironmentNames.of(TableNames.property(SkyportTables.CLUSTERS)), data.clusters().getTableName()));
        data.clusters().grantReadWriteData(reports.role());
        reports.acknowledgeIndexGrant("ClustersTable");
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .queryLanguage(QueryLanguage.JSONATA)
                .definitionBody(DefinitionBody.fromChainable(new ProvisioningDefinition(this, "Run",
                        reports.live(), ecsCluster, task, container, egress,
                        new SubnetSelection.Builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build(),
                        FargatePlatformVersion.LATEST, preflight.function().live()).chain()))
                .timeout(Duration.hours(3))
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(LogGroup.Builder.create(this, "StateMachineLogs")
                                .retention(RetentionDays.THREE_MONTHS).removalPolicy(RemovalPolicy.DESTROY).build())
                        .level(LogLevel.ALL)
                        // Inputs and outputs hold no secret (the run protocol), but they are people's data.
                        .includeExecutionData(false)
                        .build())
                .build();

        alarms();
        suppressions();
        CfnOutput.Builder.create(this, "StateMachineArn").value(stateMachine.getStateMachineArn())
                .description("The provisioning workflow (SKYPORT_CLUSTERS_WORKFLOW_STATE_MACHINE_ARN)").build();
        CfnOutput.Builder.create(this, "RunnerAddress").value(runnerAddress.getAttrPublicIp())
                .description("Where Skyport's Terraform runs reach the clusters' APIs from (every cluster lets it in)")
                .build();
        CfnOutput.Builder.create(this, "TaskLogGroup").value(taskLogs.getLogGroupName())
                .description("Where every run's Terraform output goes (SKYPORT_CLUSTERS_WORKFLOW_LOG_GROUP)").build();
    }

    /** The workflow's alarms; they reach the operations topic through AlarmActions. */
    private void alarms() {
        Alarm.Builder.create(this, "RunsFailedAlarm")
                .alarmDescription("Three or more provisioning runs failed within 15 minutes. One failure is usually the"
                        + " person's own cloud (missing permissions, a quota, a bad region) and the cluster shows why;"
                        + " several together point at Skyport: the Terraform image, the runners' network (NAT"
                        + " gateway), the run broker or preflight, or a provider outage. Read the failed executions'"
                        + " errors in the Step Functions console and the runs' Terraform logs. docs/operations.md")
                // A failed run ends in the RunFailed state, a failed execution, even when the cause is the person's
                // cloud: one is normal, three in a quarter of an hour across all people are not.
                .metric(stateMachine.metricFailed(MetricOptions.builder().period(Duration.minutes(15))
                        .statistic("Sum").build()))
                .threshold(3)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                // No executions ended, nothing failed.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Alarm.Builder.create(this, "RunsTimedOutAlarm")
                .alarmDescription("A provisioning run's execution timed out (3 hours). The task's own 2-hour limit and"
                        + " its 5-minute heartbeat are caught and reported, so this is Skyport's machinery stuck"
                        + " (a report that never returned, ECS never starting the task): the backstop marks the"
                        + " cluster FAILED; find the execution in the Step Functions console, stop any task still"
                        + " running in the ECS cluster and check the cloud for half-made resources. docs/operations.md")
                // Never normal: every timeout inside the workflow has a Catch.
                .metric(stateMachine.metricTimedOut(MetricOptions.builder().period(Duration.minutes(5))
                        .statistic("Sum").build()))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private void suppressions() {
        NagSuppressions.addResourceSuppressions(task, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat have no resource-level"
                                + " permissions: a policy can only name '*'. The task token names the run.")
                        .appliesTo(List.of("Resource::*"))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("lambda:InvokeFunctionUrl and lambda:InvokeFunction on the run broker's live alias"
                                + " only (CDK's grantInvokeUrl names the alias with its qualifier).")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::.*RunBroker.*:\\*$/g")
                                .build()))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-ECS2")
                        .reason("The environment holds only the run broker's URL and the region; the run's"
                                + " configuration and credentials come from the broker at run time, never passed in.")
                        .build()), true);
        NagSuppressions.addResourceSuppressions(task.obtainExecutionRole(), List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("ECS pulls the image with ecr:GetAuthorizationToken, which has no resource-level"
                                + " permissions; every other grant of this role names the image's repository and the"
                                + " tasks' log group.")
                        .appliesTo(List.of("Resource::*"))
                        .build()), true);
        NagSuppressions.addResourceSuppressions(stateMachine, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("Step Functions' ECS integration needs to describe and stop the tasks it starts,"
                                + " whose ids exist only at run time; X-Ray accepts segments only on '*'.")
                        .build()), true);
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public LogGroup taskLogs() {
        return taskLogs;
    }

    public FargateTaskDefinition task() {
        return task;
    }

    public Cluster ecsCluster() {
        return ecsCluster;
    }

    public RunBroker broker() {
        return broker;
    }

    /**
     * What assumes a customer's role for a run, and so what the role must trust besides the verifier: the run broker
     * (a run's session) and the preflight.
     */
    public List<IRole> runRoles() {
        return List.of(broker.function().role(), preflight.function().role());
    }
}
