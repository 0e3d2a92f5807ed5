package dev.skyport.infra.clusters;

import dev.skyport.platform.dynamodb.SkyportTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.FailJsonataProps;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.SucceedJsonataProps;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.TaskStateBase;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsServiceJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.ContainerOverride;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsFargateLaunchTarget;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsFargateLaunchTargetOptions;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsRunTask;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsRunTaskJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvokeJsonataProps;
import software.amazon.awscdk.services.stepfunctions.tasks.TaskEnvironmentVariable;
import software.constructs.Construct;

/**
 * The run protocol as states (JSONata). Input: {@code {cluster_id, run_id, action, owner, preflight}}; never a
 * secret.
 * <ol>
 *   <li>Read the cluster; a run that is no longer the cluster's current one ends at once (cancelled, replaced).</li>
 *   <li>Mark the run started: a REQUESTED cluster becomes PROVISIONING (conditional on its version, status and
 *       current run, with its history item and the run's state, in one transaction).</li>
 *   <li>An apply's preflight ({@link PreflightFunction}, with the input's {@code preflight} document): unless the
 *       provider says the credentials may do what the run does and the state bucket is fit, the run fails at once
 *       with the preflight's reason ({@code missing-permissions}, ...) and details (each missing action); a
 *       preflight that cannot answer, tried twice, fails it with {@code preflight-failed}. A destroy is not
 *       checked first.</li>
 *   <li>Run the Terraform task and wait for its task token (heartbeat 5 min, at most 2 h).</li>
 *   <li>Success: the cluster becomes RUNNING with the task's outputs, or DELETED (freeing its name and its place in
 *       the quota); failure or timeout ({@code Catch States.ALL}): FAILED or DELETE_FAILED with the error as reason.
 *       Every mark is conditional in the same way: a cancel in between wins, and the run's late mark changes
 *       nothing.</li>
 * </ol>
 * The items and conditions are the same the application writes ({@code DynamoDbClusters}); a test runs each
 * DynamoDB state's arguments against DynamoDB Local and reads the result back through the application's adapter.
 */
public final class ProvisioningDefinition extends Construct {

    static final String PK = SkyportTables.CLUSTERS.partitionKey();
    static final String SK = SkyportTables.CLUSTERS.sortKey();
    private static final String IN = "$states.input";
    /** Errors of the DynamoDB SDK integration worth another try: throttling and service trouble. */
    private static final List<String> TRANSIENT = List.of("DynamoDb.ProvisionedThroughputExceededException",
            "DynamoDb.ThrottlingException", "DynamoDb.RequestLimitExceededException",
            "DynamoDb.InternalServerErrorException", "DynamoDb.DynamoDbException");
    /** A conditional transition refused: the run was cancelled or replaced meanwhile. */
    private static final String REFUSED = "DynamoDb.TransactionCanceledException";

    private final ITable table;
    private final IChainable chain;

    public ProvisioningDefinition(Construct scope, String id, ITable table, ICluster ecsCluster,
                                  FargateTaskDefinition task, ContainerDefinition container, ISecurityGroup egress,
                                  SubnetSelection subnets, FargatePlatformVersion platform, IFunction preflight) {
        super(scope, id);
        this.table = table;
        Succeed superseded = Succeed.jsonata(this, "Superseded", SucceedJsonataProps.builder()
                .comment("The run is no longer the cluster's current one (cancelled or replaced): nothing to do.")
                .build());
        Fail runFailed = Fail.jsonata(this, "RunFailed", FailJsonataProps.builder()
                .error("{% $failure.Error %}")
                .cause("the cluster is marked failed; the run's output has the details")
                .build());
        Succeed done = Succeed.jsonata(this, "Done");

        // 4b: failure, timeout, or a task that never started.
        CallAwsService markFailed = transaction("MarkFailed", failedWrites());
        markFailed.addCatch(superseded, CatchProps.builder().errors(List.of(REFUSED)).build());
        markFailed.next(runFailed);
        TaskStateBase readForFailure = readCluster("ReadClusterAfterFailure");
        readForFailure.next(Choice.jsonata(this, "StillCurrentAfterFailure")
                .when(Condition.jsonata("{% " + isCurrent("['REQUESTED','PROVISIONING','DELETING']") + " %}"),
                        markFailed)
                .otherwise(superseded));

        // 4a: success.
        CallAwsService markRunning = transaction("MarkRunning", runningWrites());
        CallAwsService markDeleted = transaction("MarkDeleted", deletedWrites());
        for (CallAwsService mark : List.of(markRunning, markDeleted)) {
            mark.addCatch(superseded, CatchProps.builder().errors(List.of(REFUSED)).build());
            mark.next(done);
        }
        TaskStateBase readForSuccess = readCluster("ReadClusterAfterSuccess");
        readForSuccess.next(Choice.jsonata(this, "StillCurrentAfterSuccess")
                .when(Condition.jsonata("{% " + IN + ".action = 'apply' and " + isCurrent("['PROVISIONING']")
                        + " %}"), markRunning)
                .when(Condition.jsonata("{% " + IN + ".action = 'destroy' and " + isCurrent("['DELETING']")
                        + " %}"), markDeleted)
                .otherwise(superseded));

        // 3: the Terraform task.
        EcsRunTask terraform = EcsRunTask.jsonata(this, "RunTerraform", EcsRunTaskJsonataProps.builder()
                .integrationPattern(IntegrationPattern.WAIT_FOR_TASK_TOKEN)
                .cluster(ecsCluster)
                .taskDefinition(task)
                .launchTarget(new EcsFargateLaunchTarget(EcsFargateLaunchTargetOptions.builder()
                        .platformVersion(platform).build()))
                .assignPublicIp(false)
                .subnets(subnets)
                .securityGroups(List.of(egress))
                .containerOverrides(List.of(ContainerOverride.builder()
                        .containerDefinition(container)
                        .environment(List.of(
                                env("SKYPORT_CLUSTER_ID", "{% " + IN + ".cluster_id %}"),
                                env("SKYPORT_RUN_ID", "{% " + IN + ".run_id %}"),
                                env("SKYPORT_ACTION", "{% " + IN + ".action %}"),
                                env("SKYPORT_OWNER_ID", "{% " + IN + ".owner %}"),
                                env("SKYPORT_TASK_TOKEN", "{% $states.context.Task.Token %}")))
                        .build()))
                .heartbeatTimeout(Timeout.duration(Duration.minutes(5)))
                .taskTimeout(Timeout.duration(Duration.hours(2)))
                .assign(Map.of("outputs", "{% $states.result %}"))
                .outputs("{% " + IN + " %}")
                .build());
        terraform.addCatch(readForFailure, CatchProps.builder().errors(List.of("States.ALL"))
                .assign(Map.of("failure", "{% $states.errorOutput %}"))
                .outputs("{% " + IN + " %}")
                .build());
        terraform.next(readForSuccess);

        // 2b: the preflight; its findings are the run's failure.
        LambdaInvoke check = LambdaInvoke.jsonata(this, "Preflight", LambdaInvokeJsonataProps.builder()
                .lambdaFunction(preflight)
                .payload(TaskInput.fromText("{% " + IN + ".preflight %}"))
                .assign(Map.of(
                        "preflight", "{% $states.result.Payload %}",
                        "failure", "{% {'Error': $states.result.Payload.reason,"
                                + " 'details': $states.result.Payload.details} %}"))
                .outputs("{% " + IN + " %}")
                .build());
        // Trouble of Skyport's own (its table, its secrets, a cold start past the timeout) is worth another try.
        check.addRetry(RetryProps.builder().errors(List.of("States.ALL")).interval(Duration.seconds(5))
                .maxAttempts(2).backoffRate(2).build());
        check.addCatch(readForFailure, CatchProps.builder().errors(List.of("States.ALL"))
                .assign(Map.of("failure", Map.of("Error", "preflight-failed", "details",
                        List.of("Skyport could not check the cloud account before the run; retry the cluster"))))
                .outputs("{% " + IN + " %}")
                .build());
        check.next(Choice.jsonata(this, "PreflightPassed")
                .when(Condition.jsonata("{% $preflight.ok = true %}"), terraform)
                .otherwise(readForFailure));
        // Only an apply is checked first: a destroy must be able to remove what it made even from an account or a
        // bucket that no longer passes (its own delete permissions fail it as any Terraform error would). An
        // execution started without a preflight document (by a clusters function of the previous release, during a
        // deployment) goes straight to the task, as before.
        Choice needsPreflight = Choice.jsonata(this, "NeedsPreflight")
                .when(Condition.jsonata("{% " + IN + ".action = 'apply' and $exists(" + IN + ".preflight) %}"), check)
                .otherwise(terraform);

        // 2: mark the run started.
        CallAwsService markProvisioning = transaction("MarkProvisioning", provisioningWrites());
        CallAwsService markRunStarted = transaction("MarkRunStarted", startedWrites());
        for (CallAwsService mark : List.of(markProvisioning, markRunStarted)) {
            mark.addCatch(superseded, CatchProps.builder().errors(List.of(REFUSED)).build());
            mark.next(needsPreflight);
        }

        // 1: read the cluster.
        TaskStateBase read = readCluster("ReadCluster");
        read.next(Choice.jsonata(this, "IsCurrentRun")
                .when(Condition.jsonata("{% " + IN + ".action = 'apply' and " + isCurrent("['REQUESTED']") + " %}"),
                        markProvisioning)
                .when(Condition.jsonata("{% " + isCurrent("['PROVISIONING','DELETING']") + " %}"), markRunStarted)
                .otherwise(superseded));
        this.chain = read;
    }

    public IChainable chain() {
        return chain;
    }

    private static TaskEnvironmentVariable env(String name, String value) {
        return TaskEnvironmentVariable.builder().name(name).value(value).build();
    }

    /** The cluster read is this run's current one, in one of {@code statuses} (a JSONata array). */
    private static String isCurrent(String statuses) {
        return "$exists($cluster) and $cluster.currentRun.S = " + IN + ".run_id and $cluster.status.S in " + statuses;
    }

    private CallAwsService readCluster(String id) {
        CallAwsService read = CallAwsService.jsonata(this, id, CallAwsServiceJsonataProps.builder()
                .service("dynamodb")
                .action("getItem")
                .iamResources(List.of(table.getTableArn()))
                .parameters(Map.of(
                        "TableName", table.getTableName(),
                        "Key", clusterKey(),
                        "ConsistentRead", true))
                .assign(Map.of("cluster", "{% $states.result.Item %}"))
                .outputs("{% " + IN + " %}")
                .build());
        read.addRetry(transientRetry());
        return read;
    }

    private CallAwsService transaction(String id, List<Map<String, Object>> writes) {
        CallAwsService write = CallAwsService.jsonata(this, id, CallAwsServiceJsonataProps.builder()
                .service("dynamodb")
                .action("transactWriteItems")
                .iamResources(List.of(table.getTableArn()))
                .iamAction("dynamodb:TransactWriteItems")
                .additionalIamStatements(List.of(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                        .actions(List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                                "dynamodb:ConditionCheckItem"))
                        .resources(List.of(table.getTableArn())).build()))
                .parameters(Map.of("TransactItems", writes))
                .outputs("{% " + IN + " %}")
                .build());
        write.addRetry(transientRetry());
        return write;
    }

    private static RetryProps transientRetry() {
        return RetryProps.builder().errors(TRANSIENT).interval(Duration.seconds(2)).maxAttempts(5)
                .backoffRate(2).build();
    }

    // --- keys and values, as DynamoDbClusters writes them -------------------------------------------------------

    private static Map<String, Object> s(String jsonata) {
        return Map.of("S", "{% " + jsonata + " %}");
    }

    private static Map<String, Object> n(String jsonata) {
        return Map.of("N", "{% $string(" + jsonata + ") %}");
    }

    private static Map<String, Object> key(String partition, String sort) {
        return Map.of(PK, s(partition), SK, s(sort));
    }

    private static Map<String, Object> clusterKey() {
        return key("'USER#' & " + IN + ".owner", "'CLUSTER#' & " + IN + ".cluster_id");
    }

    private static Map<String, Object> runKey() {
        return key("'CLUSTER#' & " + IN + ".cluster_id", "'RUN#' & " + IN + ".run_id");
    }

    private static final String VERSION = "$number($cluster.version.N)";
    private static final String NOW = "$millis()";

    /** The cluster's own item moves from the status it was read in to {@code to}, one version on. */
    private Map<String, Object> moveCluster(String to, String set, Map<String, Object> extraValues, String remove) {
        Map<String, Object> values = new LinkedHashMap<>(Map.of(
                ":to", s(to), ":next", n(VERSION + " + 1"), ":now", n(NOW),
                ":expected", Map.of("N", "{% $cluster.version.N %}"), ":from", s("$cluster.status.S"),
                ":run", s(IN + ".run_id")));
        values.putAll(extraValues);
        return Map.of("Update", Map.of(
                "TableName", table.getTableName(),
                "Key", clusterKey(),
                "UpdateExpression", "SET #status = :to, #version = :next, updatedAt = :now" + set + remove,
                "ConditionExpression", "#version = :expected AND #status = :from AND currentRun = :run",
                "ExpressionAttributeNames", Map.of("#status", "status", "#version", "version"),
                "ExpressionAttributeValues", values));
    }

    /** The history item of that move: when, who ({@code workflow}), from, to, why. */
    private Map<String, Object> history(String to, boolean withReason) {
        Map<String, Object> item = new LinkedHashMap<>(key("'CLUSTER#' & " + IN + ".cluster_id",
                "'EVENT#' & $formatNumber(" + VERSION + " + 1, '000000000000')"));
        item.put("at", n(NOW));
        item.put("actor", Map.of("S", "workflow"));
        item.put("from", s("$cluster.status.S"));
        item.put("to", s(to));
        if (withReason) {
            item.put("reason", s(REASON));
        }
        return Map.of("Put", Map.of("TableName", table.getTableName(), "Item", item,
                "ConditionExpression", "attribute_not_exists(" + PK + ")"));
    }

    /** The run's own item: its new status, and its end when it ended. */
    private Map<String, Object> run(String status, boolean ended, boolean withReason) {
        Map<String, Object> values = new LinkedHashMap<>(Map.of(":status", Map.of("S", status)));
        StringBuilder set = new StringBuilder("SET #status = :status");
        if (ended) {
            set.append(", endedAt = :now");
            values.put(":now", n(NOW));
        }
        if (withReason) {
            set.append(", reason = :reason, details = :details");
            values.put(":reason", s(REASON));
            values.put(":details", Map.of("L", "{% " + DETAILS + " %}"));
        }
        return Map.of("Update", Map.of(
                "TableName", table.getTableName(),
                "Key", runKey(),
                "UpdateExpression", set.toString(),
                "ConditionExpression", "attribute_exists(" + PK + ")",
                "ExpressionAttributeNames", Map.of("#status", "status"),
                "ExpressionAttributeValues", values));
    }

    /**
     * The reason of a failed run: the run protocol's error code as the task sent it ({@code TerraformApplyFailed},
     * ...), or {@code workflow-<what>} for Step Functions' own ({@code States.Timeout}: {@code workflow-timeout}).
     */
    static final String REASON = "$contains($failure.Error, 'States.') ? 'workflow-' & "
            + "$lowercase($substringAfter($failure.Error, 'States.')) : $substring($failure.Error, 0, 64)";

    /** What exactly made the run fail, when the preflight said (each missing action): DynamoDB strings. */
    static final String DETAILS = "[$failure.details.{'S': $}]";

    private List<Map<String, Object>> provisioningWrites() {
        return List.of(moveCluster("'PROVISIONING'", "", Map.of(), " REMOVE reason"),
                history("'PROVISIONING'", false), run("RUNNING", false, false));
    }

    private List<Map<String, Object>> startedWrites() {
        return List.of(Map.of("ConditionCheck", Map.of(
                        "TableName", table.getTableName(),
                        "Key", clusterKey(),
                        "ConditionExpression", "#version = :expected AND currentRun = :run",
                        "ExpressionAttributeNames", Map.of("#version", "version"),
                        "ExpressionAttributeValues", Map.of(":expected", Map.of("N", "{% $cluster.version.N %}"),
                                ":run", s(IN + ".run_id")))),
                run("RUNNING", false, false));
    }

    private List<Map<String, Object>> runningWrites() {
        String text = "$exists($outputs.%s) ? $string($outputs.%s) : ''";
        Map<String, Object> outputs = Map.of("M", Map.of(
                "endpoint", s(text.formatted("endpoint", "endpoint")),
                "resourceId", s(text.formatted("resource_id", "resource_id")),
                "kubernetesVersion", s(text.formatted("kubernetes_version", "kubernetes_version")),
                "consoleUrl", s(text.formatted("console_url", "console_url"))));
        return List.of(moveCluster("'RUNNING'", ", outputs = :outputs", Map.of(":outputs", outputs),
                        " REMOVE reason"),
                history("'RUNNING'", false), run("SUCCEEDED", true, false));
    }

    private List<Map<String, Object>> deletedWrites() {
        List<Map<String, Object>> writes = new ArrayList<>(List.of(
                moveCluster("'DELETED'", "", Map.of(), " REMOVE reason"),
                history("'DELETED'", false), run("SUCCEEDED", true, false)));
        // Gone from the cloud: its name is free again, and it counts no more against the quota or its account.
        writes.add(Map.of("Delete", Map.of(
                "TableName", table.getTableName(),
                "Key", key("'USER#' & " + IN + ".owner", "'NAME#' & $cluster.name.S"),
                "ConditionExpression", "clusterId = :id",
                "ExpressionAttributeValues", Map.of(":id", s(IN + ".cluster_id")))));
        writes.add(countChange(key("'USER#' & " + IN + ".owner", "'COUNT'"), "#count > :zero"));
        writes.add(countChange(key("'USER#' & " + IN + ".owner", "'ACCOUNT#' & $cluster.cloudAccountId.S"), null));
        return writes;
    }

    private Map<String, Object> countChange(Map<String, Object> key, String condition) {
        Map<String, Object> update = new LinkedHashMap<>(Map.of(
                "TableName", table.getTableName(),
                "Key", key,
                "UpdateExpression", "ADD #count :minusOne",
                "ExpressionAttributeNames", Map.of("#count", "activeClusters")));
        Map<String, Object> values = new LinkedHashMap<>(Map.of(":minusOne", Map.of("N", "-1")));
        if (condition != null) {
            update.put("ConditionExpression", condition);
            values.put(":zero", Map.of("N", "0"));
        }
        update.put("ExpressionAttributeValues", values);
        return Map.of("Update", update);
    }

    private List<Map<String, Object>> failedWrites() {
        String to = IN + ".action = 'apply' ? 'FAILED' : 'DELETE_FAILED'";
        return List.of(moveCluster(to, ", reason = :reason", Map.of(":reason", s(REASON)), ""),
                history(to, true), run("FAILED", true, true));
    }
}
