package dev.skyport.infra.clusters;

import dev.skyport.clusters.application.WorkflowReports;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
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
import software.amazon.awscdk.services.stepfunctions.Timeout;
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
 * secret. Every mark of the run is a report to the clusters function's workflow-report entry point
 * ({@code WorkflowReportHandler}, which runs {@code RunReports}: the code the local platform and the backstop run),
 * so the state machine knows no item, key or condition; a report answers whether it moved the cluster, and one that
 * did not (the run was cancelled or replaced meanwhile) ends the execution quietly.
 * <ol>
 *   <li>Report the run started: a REQUESTED cluster becomes PROVISIONING; a run that is no longer its cluster's
 *       current one ends here.</li>
 *   <li>An apply's or an update's preflight ({@link PreflightFunction}, with the input's {@code preflight} document): unless the
 *       provider says the credentials may do what the run does and the state bucket is fit, the run fails at once
 *       with the preflight's reason ({@code missing-permissions}, ...) and details (each missing action); a
 *       preflight that cannot answer, tried twice, fails it with {@code preflight-failed}. A destroy is not
 *       checked first.</li>
 *   <li>Run the Terraform task and wait for its task token (heartbeat 5 min, at most 2 h).</li>
 *   <li>Report success (an apply's outputs) or failure ({@code Catch States.ALL}: the task's error code, or Step
 *       Functions' own, as the reason). A report that cannot be made, tried three times, fails the execution, and
 *       the backstop marks the cluster.</li>
 * </ol>
 */
public final class ProvisioningDefinition extends Construct {

    private static final String IN = "$states.input";
    /** The run protocol's actions that apply the cluster's spec (and report its outputs), as a JSONata array. */
    private static final String APPLIES = "['apply', 'update']";

    private final IFunction reports;
    private final IChainable chain;

    public ProvisioningDefinition(Construct scope, String id, IFunction reports, ICluster ecsCluster,
                                  FargateTaskDefinition task, ContainerDefinition container, ISecurityGroup egress,
                                  SubnetSelection subnets, FargatePlatformVersion platform, IFunction preflight) {
        super(scope, id);
        this.reports = reports;
        Succeed superseded = Succeed.jsonata(this, "Superseded", SucceedJsonataProps.builder()
                .comment("The run is no longer the cluster's current one (cancelled or replaced): nothing to do.")
                .build());
        Fail runFailed = Fail.jsonata(this, "RunFailed", FailJsonataProps.builder()
                .error("{% $failure.Error %}")
                .cause("the cluster is marked failed; the run's output has the details")
                .build());
        Succeed done = Succeed.jsonata(this, "Done");

        // 4b: failure, timeout, a task that never started, or the preflight's finding.
        LambdaInvoke reportFailed = report("ReportFailed", WorkflowReports.FAILED, "'error': $failure");
        reportFailed.next(Choice.jsonata(this, "MarkedFailed")
                .when(Condition.jsonata("{% $moved = true %}"), runFailed)
                .otherwise(superseded));

        // 4a: success; a destroy reports no outputs, an apply and an update the cluster's, a plan its summary.
        LambdaInvoke reportSucceeded = report("ReportSucceeded", WorkflowReports.SUCCEEDED,
                "'outputs': " + IN + ".action = 'destroy' ? {} : $outputs");
        reportSucceeded.next(Choice.jsonata(this, "MarkedDone")
                .when(Condition.jsonata("{% $moved = true %}"), done)
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
        terraform.addCatch(reportFailed, CatchProps.builder().errors(List.of("States.ALL"))
                .assign(Map.of("failure", "{% $states.errorOutput %}"))
                .outputs("{% " + IN + " %}")
                .build());
        terraform.next(reportSucceeded);

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
        check.addCatch(reportFailed, CatchProps.builder().errors(List.of("States.ALL"))
                .assign(Map.of("failure", Map.of("Error", "preflight-failed", "details",
                        List.of("Skyport could not check the cloud account before the run; retry the cluster"))))
                .outputs("{% " + IN + " %}")
                .build());
        check.next(Choice.jsonata(this, "PreflightPassed")
                .when(Condition.jsonata("{% $preflight.ok = true %}"), terraform)
                .otherwise(reportFailed));
        // Only an apply or an update is checked first (a plan changes nothing): a destroy must be able to remove what it made even from an account or a
        // bucket that no longer passes (its own delete permissions fail it as any Terraform error would). An
        // execution started without a preflight document (by a clusters function of the previous release, during a
        // deployment) goes straight to the task, as before.
        Choice needsPreflight = Choice.jsonata(this, "NeedsPreflight")
                .when(Condition.jsonata("{% " + IN + ".action in " + APPLIES + " and $exists(" + IN
                        + ".preflight) %}"), check)
                .otherwise(terraform);

        // 1: the run is under way, if it is still its cluster's current one.
        LambdaInvoke started = report("ReportStarted", WorkflowReports.STARTED, null);
        started.next(Choice.jsonata(this, "StillCurrent")
                .when(Condition.jsonata("{% $moved = true %}"), needsPreflight)
                .otherwise(superseded));
        this.chain = started;
    }

    public IChainable chain() {
        return chain;
    }

    private static TaskEnvironmentVariable env(String name, String value) {
        return TaskEnvironmentVariable.builder().name(name).value(value).build();
    }

    /**
     * A report of the run to the workflow-report entry point ({@code extra}: more fields of the document, JSONata);
     * its answer ({@code moved}) is kept. Its own failures are retried; one that persists fails the execution.
     */
    private LambdaInvoke report(String id, String kind, String extra) {
        String document = "{'report': '" + kind + "', 'cluster_id': " + IN + ".cluster_id, 'run_id': " + IN
                + ".run_id, 'owner': " + IN + ".owner" + (extra == null ? "" : ", " + extra) + "}";
        LambdaInvoke report = LambdaInvoke.jsonata(this, id, LambdaInvokeJsonataProps.builder()
                .lambdaFunction(reports)
                .payload(TaskInput.fromText("{% " + document + " %}"))
                .assign(Map.of("moved", "{% $states.result.Payload.moved %}"))
                .outputs("{% " + IN + " %}")
                .build());
        // A conflicting write of the cluster at the same moment (a cancel) is read again by RunReports; a function
        // error that persists past these tries is Skyport's, and the backstop marks the cluster.
        report.addRetry(RetryProps.builder().errors(List.of("States.TaskFailed")).interval(Duration.seconds(2))
                .maxAttempts(3).backoffRate(2).build());
        return report;
    }
}
