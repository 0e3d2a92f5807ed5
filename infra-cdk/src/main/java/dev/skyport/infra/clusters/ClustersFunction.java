package dev.skyport.infra.clusters;

import dev.skyport.clusters.adapter.dynamodb.ClusterKeys;
import dev.skyport.clusters.config.ClustersSettings;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.TokenKeys;
import dev.skyport.infra.api.WatchedDeadLetters;
import dev.skyport.infra.data.TableStreams;
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
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The clusters function (HTTP routes), the workflow backstop and the expiry sweep. The API function reads and writes
 * the clusters table, reads (only) cloud-account items, starts executions of the provisioning state machine and
 * stops its executions, and reads the Terraform tasks' log group. The backstop hears every execution of that machine
 * that ended FAILED, TIMED_OUT or ABORTED and marks its cluster if the run was still current; it may only read and
 * write the clusters table. An event it cannot handle ends in a dead-letter queue with an alarm on it. The expiry
 * function is woken by one EventBridge Scheduler schedule per cluster (in Skyport's own schedule group, with a role
 * that may invoke that function only, retries and an alarmed dead-letter queue) and swept hourly as a backstop: it
 * reads and writes the clusters table and starts destroy executions, nothing else. The schedules are kept in step
 * from the clusters table's stream by a function that may read cluster items, write schedules of that group only and
 * pass the scheduler role to the scheduler only.
 */
public class ClustersFunction extends Construct {

    private static final String JAR = "clusters";

    private final SkyportFunction api;
    private final SkyportFunction backstop;
    private final SkyportFunction expirySweep;
    private final SkyportFunction expirySchedules;
    private final CfnScheduleGroup scheduleGroup;
    private final Role schedulerRole;
    private final WatchedDeadLetters expiryWakeUpDeadLetters;
    private final WatchedDeadLetters expiryStreamDeadLetters;
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
        api.allowPersonalTokens(users);
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

        // The clusters' expiries are data. Each cluster's own EventBridge Scheduler schedule wakes this function at
        // the cluster's next moment (the day's warning, the hour's, the expiry); the schedules are a view derived from
        // the clusters table and kept in step from its stream (below). The hourly sweep is the backstop: a schedule
        // lost (a dead-lettered stream batch, a wake-up whose retries ran out) is made good within the hour. The
        // trade: an hourly sweep costs 24 small invocations a day and can be up to an hour late, but only for what a
        // schedule already missed; a 5-minute sweep alone (as before) was up to 5 minutes late for every cluster.
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
                .description("Backstop of the clusters' expiry schedules: tells owners of coming expiries and starts"
                        + " the destroys that are due")
                .schedule(Schedule.rate(Duration.hours(1)))
                .targets(List.of(new LambdaFunction(expirySweep.live(), LambdaFunctionProps.builder()
                        .retryAttempts(0)
                        .build())))
                .build();

        scheduleGroup = CfnScheduleGroup.Builder.create(this, "ExpiryScheduleGroup")
                .name(Stack.of(this).getStackName() + "-cluster-expiry")
                .build();
        expiryWakeUpDeadLetters = new WatchedDeadLetters(this, "ExpiryWakeUpDeadLetters",
                "the clusters' expiry schedules (EventBridge Scheduler)",
                "A cluster's expiry schedule could not invoke the expiry function for two hours: a warning or a"
                        + " destroy came late. The hourly sweep does what was due; read the expiry function's errors"
                        + " and the message (it names the cluster), then purge it.");
        // EventBridge Scheduler invokes the expiry function, and writes to that queue, with this role only; it may
        // be assumed by the scheduler for schedules of this account only.
        schedulerRole = Role.Builder.create(this, "ExpirySchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                        .build()))
                .description("EventBridge Scheduler: the clusters' expiry schedules invoke the expiry function")
                .build();
        schedulerRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(expirySweep.live().getFunctionArn()))
                .build());
        expiryWakeUpDeadLetters.queue().grantSendMessages(schedulerRole);

        // The schedules' keeper: the clusters table's stream -> one schedule per cluster. A consumer of its own, not
        // the stream publisher: its role alone may write schedules, pass the scheduler role and read cluster items
        // (the publisher reads no table), and a Scheduler outage holds up no live status message. The table's stream
        // has two readers then, Lambda's advised limit per shard.
        expirySchedules = new SkyportFunction(this, "ExpirySchedules", settings.functionJar(JAR),
                "dev.skyport.clusters.ExpiryScheduleHandler", Map.of(
                        EnvironmentNames.of(TableNames.property(SkyportTables.CLUSTERS)), clusters.getTableName(),
                        EnvironmentNames.of(ClustersSettings.EXPIRY_SCHEDULES_GROUP), scheduleGroup.getName(),
                        EnvironmentNames.of(ClustersSettings.EXPIRY_SCHEDULES_TARGET_ARN),
                        expirySweep.live().getFunctionArn(),
                        EnvironmentNames.of(ClustersSettings.EXPIRY_SCHEDULES_ROLE_ARN), schedulerRole.getRoleArn(),
                        EnvironmentNames.of(ClustersSettings.EXPIRY_SCHEDULES_DEAD_LETTER_ARN),
                        expiryWakeUpDeadLetters.queue().getQueueArn()));
        clusters.grant(expirySchedules.role(), "dynamodb:GetItem", "dynamodb:Query");
        expirySchedules.acknowledgeIndexGrant("ClustersTable");
        expirySchedules.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:UpdateSchedule",
                        "scheduler:DeleteSchedule"))
                .resources(List.of(Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("scheduler").resource("schedule")
                        .resourceName(scheduleGroup.getName() + "/*").build())))
                .build());
        expirySchedules.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole"))
                .resources(List.of(schedulerRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")))
                .build());
        expiryStreamDeadLetters = new WatchedDeadLetters(this, "ExpiryStreamDeadLetters",
                "the expiry schedules' reading of the clusters table stream",
                "Changes of clusters' expiries could not be made into schedules (after the retries, or an hour):"
                        + " those clusters' warnings or destroys come with the hourly sweep instead, up to an hour"
                        + " late. Read the expiry-schedules function's errors; the message names the records.");
        expirySchedules.live().addEventSource(TableStreams.readingInOrder(clusters, expiryStreamDeadLetters)
                .filters(List.of(FilterCriteria.filter(Map.of(
                        "eventName", FilterRule.or("INSERT", "MODIFY", "REMOVE"),
                        "dynamodb", Map.of("Keys", Map.of(SkyportTables.CLUSTERS.sortKey(),
                                Map.of("S", List.of(Map.of("prefix", ClusterKeys.CLUSTER_PREFIX),
                                        Map.of("prefix", ClusterKeys.EXPIRY_PREFIX)))))))))
                .build());
        NagSuppressions.addResourceSuppressions(expirySchedules.role(), List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("Schedules are named after clusters, made at run time: the function may touch"
                                + " only schedules of Skyport's own expiry group.")
                        .appliesTo(List.of(io.github.cdklabs.cdknag.RegexAppliesTo.builder()
                                .regex("/^Resource::arn:.*:scheduler:.*:schedule\\/.*\\/\\*$/g").build()))
                        .build()), true);

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

    /** The stream consumer that keeps one expiry schedule per cluster. */
    public SkyportFunction expirySchedules() {
        return expirySchedules;
    }

    public CfnScheduleGroup scheduleGroup() {
        return scheduleGroup;
    }

    /** The role EventBridge Scheduler invokes the expiry function with. */
    public Role schedulerRole() {
        return schedulerRole;
    }

    public WatchedDeadLetters expiryWakeUpDeadLetters() {
        return expiryWakeUpDeadLetters;
    }

    public Rule executionsEnded() {
        return executionsEnded;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
