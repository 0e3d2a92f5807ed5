package dev.skyport.infra.clusters;

import dev.skyport.clusters.config.ClustersSettings;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.TokenKeys;
import dev.skyport.infra.api.WatchedDeadLetters;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.SessionFamilyItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The clusters function (HTTP routes), the workflow backstop and the expiry sweep. The API function reads and writes
 * the clusters table, reads (only) cloud-account items, starts executions of the provisioning state machine and
 * stops its executions, and reads the Terraform tasks' log group. The backstop hears every execution of that machine
 * that ended FAILED, TIMED_OUT or ABORTED and marks its cluster if the run was still current; it may only read and
 * write the clusters table. An event it cannot handle ends in a dead-letter queue with an alarm on it. The expiry
 * sweep runs every 5 minutes: it reads and writes the clusters table and starts destroy executions, nothing else.
 */
public class ClustersFunction extends Construct {

    private static final String JAR = "clusters";

    private final SkyportFunction api;
    private final SkyportFunction backstop;
    private final SkyportFunction expirySweep;
    private final Rule executionsEnded;
    private final Queue deadLetters;

    public ClustersFunction(Construct scope, String id, SkyportSettings settings, HttpApi httpApi, ITable clusters,
                            ITable cloudAccounts, ITable users, TokenKeys tokenKeys, IStateMachine workflow,
                            ILogGroup taskLogs) {
        super(scope, id);
        Map<String, String> tables = Map.of(EnvironmentNames.of(TableNames.property(SkyportTables.CLUSTERS)), clusters.getTableName(),
                EnvironmentNames.of(TableNames.property(SkyportTables.CLOUD_ACCOUNTS)), cloudAccounts.getTableName());
        api = new SkyportFunction(this, "Function", settings.functionJar(JAR),
                "dev.skyport.clusters.ClustersHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLUSTERS)), clusters.getTableName(),
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLOUD_ACCOUNTS)), cloudAccounts.getTableName(),
                        EnvironmentNames.of(ClustersSettings.CREATORS), settings.clusterCreators(),
                        EnvironmentNames.of(ClustersSettings.WORKFLOW_STATE_MACHINE_ARN), workflow.getStateMachineArn(),
                        EnvironmentNames.of(ClustersSettings.WORKFLOW_LOG_GROUP), taskLogs.getLogGroupName()));
        clusters.grantReadWriteData(api.role());
        // GetItem: the account a cluster goes to; ConditionCheckItem: a create's transaction checks that the account
        // is still there (CloudAccountInUse). Both only read.
        cloudAccounts.grant(api.role(), "dynamodb:GetItem", "dynamodb:ConditionCheckItem");
        api.allowSessionChecks(users);
        // ConditionCheckItem: a create's transaction checks that its owner's account is still there
        // (UserHasClusters); only a read, and only of people's partitions.
        api.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:ConditionCheckItem"))
                .resources(List.of(users.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                        List.of(SessionFamilyItems.USER_PREFIX + "*"))))
                .build());
        tokenKeys.verify(api);
        workflow.grantStartExecution(api.role());
        api.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:StopExecution"))
                .resources(List.of(executionsOf(workflow)))
                .build());
        api.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:GetLogEvents"))
                .resources(List.of(Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("logs").resource("log-group")
                        .resourceName(taskLogs.getLogGroupName() + ":log-stream:*")
                        .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());
        api.routes(httpApi, "Clusters", settings.functionJar(JAR), JAR);
        api.acknowledgeIndexGrant("ClustersTable");

        backstop = new SkyportFunction(this, "WorkflowBackstop", settings.functionJar(JAR),
                "dev.skyport.clusters.WorkflowBackstopHandler", tables);
        clusters.grantReadWriteData(backstop.role());
        backstop.acknowledgeIndexGrant("ClustersTable");
        deadLetters = new WatchedDeadLetters(this, "BackstopDeadLetters", "the backstop rule",
                "A provisioning run ended and its cluster could not be marked: it may show PROVISIONING or DELETING"
                        + " for ever. Read the event, mark or cancel the cluster, redrive.").queue();
        executionsEnded = Rule.Builder.create(this, "ExecutionsEnded")
                .description("Provisioning runs that ended outside their Catch: mark their clusters failed")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.states"))
                        .detailType(List.of("Step Functions Execution Status Change"))
                        .detail(Map.of("status", List.of("FAILED", "TIMED_OUT", "ABORTED"),
                                "stateMachineArn", List.of(workflow.getStateMachineArn())))
                        .build())
                .targets(List.of(new LambdaFunction(backstop.live(), LambdaFunctionProps.builder()
                        .deadLetterQueue(deadLetters)
                        .retryAttempts(8)
                        .maxEventAge(Duration.hours(6))
                        .build())))
                .build();

        // The clusters' expiries are data: every 5 minutes the sweep tells owners of what comes near and starts the
        // destroys that are due; one that fails or is missed is made good by the next.
        expirySweep = new SkyportFunction(this, "ExpirySweep", settings.functionJar(JAR),
                "dev.skyport.clusters.ClusterExpiryHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLUSTERS)), clusters.getTableName(),
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLOUD_ACCOUNTS)),
                        cloudAccounts.getTableName(),
                        EnvironmentNames.of(ClustersSettings.WORKFLOW_STATE_MACHINE_ARN), workflow.getStateMachineArn(),
                        EnvironmentNames.of(ClustersSettings.WORKFLOW_LOG_GROUP), taskLogs.getLogGroupName()));
        clusters.grantReadWriteData(expirySweep.role());
        workflow.grantStartExecution(expirySweep.role());
        expirySweep.acknowledgeIndexGrant("ClustersTable");
        Rule.Builder.create(this, "ExpirySweepSchedule")
                .description("Tells owners of clusters' coming expiries and starts the destroys that are due")
                .schedule(Schedule.rate(Duration.minutes(5)))
                .targets(List.of(new LambdaFunction(expirySweep.live(), LambdaFunctionProps.builder()
                        .retryAttempts(0)
                        .build())))
                .build();

        NagSuppressions.addResourceSuppressions(api.role(), List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("Executions are named after runs, made at run time: the function may stop only"
                                + " executions of the provisioning state machine.")
                        .appliesTo(List.of(io.github.cdklabs.cdknag.RegexAppliesTo.builder()
                                .regex("/^Resource::arn:.*:states:.*:execution:.*:\\*$/g").build()))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("Each run's task writes its own log stream, named at run time, in the tasks' log"
                                + " group: the function reads streams of that group only.")
                        .appliesTo(List.of(io.github.cdklabs.cdknag.RegexAppliesTo.builder()
                                .regex("/^Resource::.*:log-stream:\\*$/g").build()))
                        .build()), true);
    }

    /** {@code arn:aws:states:<region>:<account>:execution:<state machine name>:*}. */
    private String executionsOf(IStateMachine workflow) {
        return Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
                .service("states").resource("execution")
                .resourceName(Stack.of(this).splitArn(workflow.getStateMachineArn(),
                        software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).getResourceName() + ":*")
                .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build());
    }

    public SkyportFunction api() {
        return api;
    }

    public SkyportFunction backstop() {
        return backstop;
    }

    public SkyportFunction expirySweep() {
        return expirySweep;
    }

    public Rule executionsEnded() {
        return executionsEnded;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
