package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.clusters.adapter.dynamodb.DynamoDbClusters;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.application.WorkflowReports;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.Run;
import dev.skyport.infra.clusters.ProvisioningStack;
import dev.skyport.infra.data.DataStack;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.simulated.SimulatedClusterCa;
import dev.skyport.testing.DynamoDbLocalFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The synthesized provisioning state machine, walked state by state with each JSONata expression evaluated as Step
 * Functions does: every report it makes goes, as the Lambda integration hands it over, to the application's own
 * {@link WorkflowReports} (the workflow-report function's code) on DynamoDB Local; the preflight and the Terraform
 * task are played by the test. What the workflow did is then read back through the application's adapter: a run
 * moves its cluster as the protocol says, and a cancel or a newer run always wins over a late workflow.
 */
class ProvisioningWorkflowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode definition;

    private final TableNames tables = DynamoDbLocalFixture.freshTables();
    private final DynamoDbClusters clusters = DynamoDbClusters.on(DynamoDbLocalFixture.client(), tables);
    private final WorkflowReports reports = new WorkflowReports(new RunReports(clusters, Clock.systemUTC()));
    private final UserId owner = UserId.generate();

    @BeforeAll
    static void synthesize() {
        App app = new App();
        SkyportSettings settings = new SkyportSettings(true, "a@b.c", "b.c", "", "", Optional.empty(),
                Path.of("../functions"), "admin", Path.of("terraform-image"));
        DataStack data = new DataStack(app, "SkyportData", StackProps.builder().build(), settings);
        ProvisioningStack provisioning = new ProvisioningStack(app, "SkyportProvisioning",
                StackProps.builder().build(), settings, data);
        definition = StateMachineDefinitions.of(Template.fromStack(provisioning));
    }

    // --- the cluster's side, as the application makes it ----------------------------------------------------------

    private Cluster requested(String name) {
        ClusterSpec spec = ClusterSpec.of(new ClusterSpec.Request(name, "eu-west-1", null, Optional.empty(),
                Optional.empty(), "acme-tf-state", null, Optional.empty(), Optional.empty()), "aws",
                Catalogue.defaults());
        Cluster cluster = Cluster.requested(owner, "5a0e3c1d-0a52-4e4e-9a8e-1b2c3d4e5f60",
                "arn:aws:secretsmanager:eu-west-1:1:secret:skyport/cloud-accounts/x", spec, Instant.now());
        Run run = Run.requested(cluster.id(), Run.Action.APPLY, owner.value(), Instant.now(), false);
        Cluster stored = cluster.runBy(run);
        DynamoDbLocalFixture.cloudAccountExists(tables, owner, cluster.cloudAccountId());
        clusters.add(stored, run, owner.value(), 5, Optional.empty());
        return stored;
    }

    /** A new run of the cluster, as retry and delete start one. */
    private Cluster launch(Cluster cluster, ClusterStatus busy, Run.Action action) {
        Run run = Run.requested(cluster.id(), action, owner.value(), Instant.now(), false);
        Cluster next = cluster.becoming(busy, Optional.empty(), Instant.now()).runBy(run);
        clusters.transition(cluster, next, owner.value(), Optional.of(run));
        return next;
    }

    private Cluster cancel(Cluster cluster) {
        Cluster cancelled = cluster.becoming(ClusterStatus.FAILED, Optional.of("cancelled"), Instant.now());
        Run run = clusters.run(cluster.id(), cluster.currentRun().orElseThrow()).orElseThrow()
                .ended(Run.Status.CANCELLED, Optional.of("cancelled"), Instant.now());
        clusters.transition(cluster, cancelled, owner.value(), Optional.of(run));
        return cancelled;
    }

    private Cluster stored(Cluster cluster) {
        return clusters.find(owner, cluster.id()).orElseThrow();
    }

    /** The run protocol's input, with the run's preflight document as the clusters function sends it. */
    private Map<String, Object> input(Cluster cluster, String action) {
        return Map.of("cluster_id", cluster.id().value(), "run_id", cluster.currentRun().orElseThrow(),
                "action", action, "owner", owner.value(), "preflight", PREFLIGHT);
    }

    private static final Map<String, Object> PREFLIGHT = Map.of("owner", "o", "cloud_account_id", "a",
            "region", "eu-west-1", "cluster_name", "demo", "state_bucket", "acme-tf-state", "state_key", "k");
    private static final Function<JsonNode, Map<String, Object>> PASSES = payload -> Map.of("ok", true,
            "details", List.of());

    private static final Map<String, Object> OUTPUTS = Map.of("endpoint", "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
            "resource_id", "arn:aws:eks:eu-west-1:111122223333:cluster/demo", "kubernetes_version", "1.33",
            "console_url", "https://console.aws.amazon.com/eks/home#/clusters/demo",
            "certificate_authority_data", SimulatedClusterCa.certificateAuthorityData("kubernetes", Instant.now()),
            "cluster_name", "skyport-demo", "location", "eu-west-1");

    // --- the tests -------------------------------------------------------------------------------------------------

    @Test
    void an_apply_marks_provisioning_then_running_with_the_task_outputs() {
        Cluster cluster = requested("apply-ok");
        String end = execute(input(cluster, "apply"), task -> OUTPUTS);

        assertThat(end).isEqualTo("Succeed:Done");
        Cluster running = stored(cluster);
        assertThat(running.status()).isEqualTo(ClusterStatus.RUNNING);
        assertThat(running.version()).isEqualTo(3);
        assertThat(running.outputs()).hasValueSatisfying(outputs -> {
            assertThat(outputs.endpoint()).isEqualTo(OUTPUTS.get("endpoint"));
            assertThat(outputs.resourceId()).isEqualTo(OUTPUTS.get("resource_id"));
            assertThat(outputs.kubernetesVersion()).isEqualTo("1.33");
            assertThat(outputs.certificateAuthorityData()).isEqualTo(OUTPUTS.get("certificate_authority_data"));
            assertThat(outputs.clusterName()).isEqualTo("skyport-demo");
            assertThat(outputs.location()).isEqualTo("eu-west-1");
        });
        assertThat(clusters.events(cluster.id())).extracting(ClusterEvent::to, ClusterEvent::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ClusterStatus.REQUESTED, owner.value()),
                org.assertj.core.groups.Tuple.tuple(ClusterStatus.PROVISIONING, "workflow"),
                org.assertj.core.groups.Tuple.tuple(ClusterStatus.RUNNING, "workflow"));
        assertThat(clusters.events(cluster.id())).extracting(ClusterEvent::version).containsExactly(1L, 2L, 3L);
        Run run = clusters.run(cluster.id(), cluster.currentRun().orElseThrow()).orElseThrow();
        assertThat(run.status()).isEqualTo(Run.Status.SUCCEEDED);
        assertThat(run.endedAt()).isPresent();
    }

    @Test
    void a_destroy_marks_deleted_and_frees_the_name_the_quota_and_the_cloud_account() {
        Cluster cluster = requested("to-delete");
        execute(input(cluster, "apply"), task -> OUTPUTS);
        Cluster deleting = launch(stored(cluster), ClusterStatus.DELETING, Run.Action.DESTROY);

        assertThat(execute(input(deleting, "destroy"), task -> Map.of())).isEqualTo("Succeed:Done");

        assertThat(stored(cluster).status()).isEqualTo(ClusterStatus.DELETED);
        assertThat(clusters.activeIn(owner, cluster.cloudAccountId())).isZero();
        assertThat(clusters.events(cluster.id())).extracting(ClusterEvent::to).containsExactly(ClusterStatus.REQUESTED,
                ClusterStatus.PROVISIONING, ClusterStatus.RUNNING, ClusterStatus.DELETING, ClusterStatus.DELETED);
        // Name and quota are free again: a quota of one still takes a cluster of the same name.
        Cluster again = requested("to-delete");
        assertThat(again.id()).isNotEqualTo(cluster.id());
    }

    @Test
    void a_failed_apply_marks_the_cluster_failed_with_the_protocol_error_and_a_timeout_says_so() {
        Cluster failing = requested("apply-fails");
        String end = execute(input(failing, "apply"), task -> {
            throw new TaskFailure("TerraformApplyFailed", "Error: creating EKS Cluster: AccessDenied");
        });
        assertThat(end).isEqualTo("Fail:RunFailed");
        assertThat(stored(failing).status()).isEqualTo(ClusterStatus.FAILED);
        assertThat(stored(failing).reason()).contains("TerraformApplyFailed");
        Run run = clusters.run(failing.id(), failing.currentRun().orElseThrow()).orElseThrow();
        assertThat(run.status()).isEqualTo(Run.Status.FAILED);
        assertThat(run.reason()).contains("TerraformApplyFailed");

        Cluster retried = launch(stored(failing), ClusterStatus.PROVISIONING, Run.Action.APPLY);
        execute(input(retried, "apply"), task -> {
            throw new TaskFailure("States.HeartbeatTimeout", "no heartbeat");
        });
        assertThat(stored(failing).reason()).contains("workflow-heartbeattimeout");
        assertThat(clusters.events(failing.id())).extracting(ClusterEvent::to).containsExactly(
                ClusterStatus.REQUESTED, ClusterStatus.PROVISIONING, ClusterStatus.FAILED, ClusterStatus.PROVISIONING,
                ClusterStatus.FAILED);
    }

    @Test
    void a_preflight_that_finds_a_permission_missing_fails_the_run_at_once_with_each_missing_action() {
        Cluster cluster = requested("preflight-fails");
        JsonNode[] asked = new JsonNode[1];
        boolean[] taskStarted = {false};
        String end = execute(input(cluster, "apply"), payload -> {
            asked[0] = payload;
            return Map.of("ok", false, "reason", "missing-permissions", "details",
                    List.of("eks:CreateCluster", "iam:CreateRole on arn:aws:iam::1:role/skyport-demo-cluster"));
        }, task -> {
            taskStarted[0] = true;
            return OUTPUTS;
        });

        assertThat(end).isEqualTo("Fail:RunFailed");
        assertThat(asked[0]).as("the preflight is handed the input's preflight document as it is")
                .isEqualTo(JSON.valueToTree(PREFLIGHT));
        assertThat(taskStarted[0]).as("Terraform never starts").isFalse();
        assertThat(stored(cluster).status()).isEqualTo(ClusterStatus.FAILED);
        assertThat(stored(cluster).reason()).contains("missing-permissions");
        Run run = clusters.run(cluster.id(), cluster.currentRun().orElseThrow()).orElseThrow();
        assertThat(run.status()).isEqualTo(Run.Status.FAILED);
        assertThat(run.reason()).contains("missing-permissions");
        assertThat(run.details()).containsExactly("eks:CreateCluster",
                "iam:CreateRole on arn:aws:iam::1:role/skyport-demo-cluster");
    }

    @Test
    void a_preflight_of_one_finding_and_a_preflight_that_cannot_answer_fail_the_run_too() {
        Cluster unversioned = requested("unversioned");
        execute(input(unversioned, "apply"), payload -> Map.of("ok", false, "reason", "state-bucket-unversioned",
                "details", List.of("bucket acme-tf-state keeps no versions")), task -> OUTPUTS);
        Run run = clusters.run(unversioned.id(), unversioned.currentRun().orElseThrow()).orElseThrow();
        assertThat(run.reason()).contains("state-bucket-unversioned");
        assertThat(run.details()).containsExactly("bucket acme-tf-state keeps no versions");

        Cluster broken = requested("preflight-broken");
        assertThat(execute(input(broken, "apply"), payload -> {
            throw new TaskFailure("Lambda.Unknown", "the function timed out");
        }, task -> OUTPUTS)).isEqualTo("Fail:RunFailed");
        assertThat(stored(broken).reason()).contains("preflight-failed");
        assertThat(clusters.run(broken.id(), broken.currentRun().orElseThrow()).orElseThrow().details())
                .singleElement().asString().contains("could not check the cloud account");
    }

    @Test
    void a_destroy_is_not_held_back_by_a_preflight_and_neither_is_an_execution_without_a_preflight_document() {
        Cluster cluster = requested("destroy-unchecked");
        execute(input(cluster, "apply"), task -> OUTPUTS);
        Cluster deleting = launch(stored(cluster), ClusterStatus.DELETING, Run.Action.DESTROY);
        Function<JsonNode, Map<String, Object>> refuses = payload -> Map.of("ok", false,
                "reason", "state-bucket-unversioned", "details", List.of("bucket keeps no versions"));
        assertThat(execute(input(deleting, "destroy"), refuses, task -> Map.of())).isEqualTo("Succeed:Done");
        assertThat(stored(cluster).status()).isEqualTo(ClusterStatus.DELETED);

        Cluster older = requested("started-by-the-previous-release");
        Map<String, Object> withoutPreflight = new HashMap<>(input(older, "apply"));
        withoutPreflight.remove("preflight");
        assertThat(execute(withoutPreflight, refuses, task -> OUTPUTS)).isEqualTo("Succeed:Done");
        assertThat(stored(older).status()).isEqualTo(ClusterStatus.RUNNING);
    }

    @Test
    void an_apply_whose_outputs_are_not_a_clusters_fails_instead_of_showing_them() {
        Cluster cluster = requested("odd-outputs");
        String end = execute(input(cluster, "apply"), task -> Map.of("endpoint", "javascript:alert(1)",
                "resource_id", "x", "kubernetes_version", "1.33", "console_url", "https://console.example"));
        assertThat(end).isEqualTo("Succeed:Done");
        assertThat(stored(cluster).status()).isEqualTo(ClusterStatus.FAILED);
        assertThat(stored(cluster).reason()).contains("invalid-outputs");
        assertThat(stored(cluster).outputs()).isEmpty();
        assertThat(clusters.run(cluster.id(), cluster.currentRun().orElseThrow()).orElseThrow().details())
                .singleElement().asString().contains("endpoint");
    }

    @Test
    void a_cancel_during_the_task_wins_and_the_late_success_changes_nothing() {
        Cluster cluster = requested("cancelled");
        Cluster[] cancelled = new Cluster[1];
        String end = execute(input(cluster, "apply"), task -> {
            cancelled[0] = cancel(stored(cluster));
            return OUTPUTS;
        });
        assertThat(end).isEqualTo("Succeed:Superseded");
        assertThat(stored(cluster)).isEqualTo(cancelled[0]);
        assertThat(stored(cluster).outputs()).isEmpty();
    }

    @Test
    void a_run_that_is_no_longer_current_does_nothing_at_all() {
        Cluster cluster = requested("replaced");
        Map<String, Object> stale = new HashMap<>(input(cluster, "apply"));
        stale.put("run_id", "0194a3b2-0000-7000-8000-000000000000");
        boolean[] taskStarted = {false};
        assertThat(execute(stale, task -> {
            taskStarted[0] = true;
            return OUTPUTS;
        })).isEqualTo("Succeed:Superseded");
        assertThat(taskStarted[0]).isFalse();
        assertThat(stored(cluster)).isEqualTo(cluster);
    }

    // --- a walker of the ASL ---------------------------------------------------------------------------------------

    /** What the Terraform task reports through SendTaskFailure. */
    static final class TaskFailure extends RuntimeException {
        final String error;

        TaskFailure(String error, String cause) {
            super(cause);
            this.error = error;
        }
    }

    /**
     * Runs the state machine from its StartAt with {@code input}; {@code task} plays the Terraform task (it gets the
     * task's evaluated arguments and answers SendTaskSuccess's output, or throws {@link TaskFailure}). Answers how
     * the execution ended: {@code Succeed:<state>} or {@code Fail:<state>}.
     */
    private String execute(Map<String, Object> input, Function<JsonNode, Map<String, Object>> task) {
        return execute(input, PASSES, task);
    }

    /** The same, with {@code preflight} playing the preflight's function (its payload in, its answer out). */
    private String execute(Map<String, Object> input, Function<JsonNode, Map<String, Object>> preflight,
                           Function<JsonNode, Map<String, Object>> task) {
        Map<String, Object> variables = new HashMap<>();
        String name = definition.path("StartAt").asText();
        for (int steps = 0; steps < 50; steps++) {
            JsonNode state = definition.path("States").path(name);
            switch (state.path("Type").asText()) {
                case "Succeed" -> {
                    return "Succeed:" + name;
                }
                case "Fail" -> {
                    assertThat(evaluate(state.path("Error"), input, variables, Map.of())).isNotNull();
                    return "Fail:" + name;
                }
                case "Choice" -> {
                    String next = state.path("Default").asText();
                    for (JsonNode choice : state.path("Choices")) {
                        if (Boolean.TRUE.equals(evaluate(choice.path("Condition"), input, variables, Map.of()))) {
                            next = choice.path("Next").asText();
                            break;
                        }
                    }
                    name = next;
                }
                case "Task" -> name = task(name, state, input, variables, preflight, task);
                default -> throw new AssertionError("state type " + state.path("Type"));
            }
        }
        throw new AssertionError("the execution did not end");
    }

    private String task(String name, JsonNode state, Map<String, Object> input, Map<String, Object> variables,
                        Function<JsonNode, Map<String, Object>> preflight,
                        Function<JsonNode, Map<String, Object>> terraform) {
        String resource = state.path("Resource").asText();
        JsonNode arguments = JSON.valueToTree(evaluate(state.path("Arguments"), input, variables, Map.of()));
        Object result;
        try {
            if (resource.endsWith(":ecs:runTask.waitForTaskToken")) {
                result = terraform.apply(arguments);
            } else if (resource.endsWith(":states:::lambda:invoke")) {
                String function = arguments.path("FunctionName").asText();
                Object answer;
                if (function.contains("WorkflowReport")) {
                    answer = reports.handle(JSON.convertValue(arguments.path("Payload"), Map.class));
                } else {
                    assertThat(function).as("the functions the workflow invokes").contains("RunPreflight");
                    answer = preflight.apply(arguments.path("Payload"));
                }
                result = Map.of("StatusCode", 200, "Payload", answer);
            } else {
                throw new AssertionError("state " + name + " calls " + resource + ", which this test cannot play");
            }
        } catch (TaskFailure failure) {
            return caught(state, failure.error, failure.getMessage(), input, variables, name);
        }
        assign(state.path("Assign"), input, variables, Map.of("result", result));
        return state.path("Next").asText();
    }

    private String caught(JsonNode state, String error, String cause, Map<String, Object> input,
                          Map<String, Object> variables, String name) {
        for (JsonNode handler : state.path("Catch")) {
            for (JsonNode equals : handler.path("ErrorEquals")) {
                if (equals.asText().equals(error) || equals.asText().equals("States.ALL")) {
                    assign(handler.path("Assign"), input, variables,
                            Map.of("errorOutput", Map.of("Error", error, "Cause", cause)));
                    return handler.path("Next").asText();
                }
            }
        }
        throw new AssertionError("state " + name + " has no Catch for " + error + ": " + cause);
    }

    private void assign(JsonNode assign, Map<String, Object> input, Map<String, Object> variables,
                        Map<String, Object> states) {
        Map<String, Object> values = new HashMap<>();
        assign.fields().forEachRemaining(field -> values.put(field.getKey(),
                evaluate(field.getValue(), input, variables, states)));
        variables.putAll(values);
    }

    /** A JSONata template: strings {@code {% expr %}} are evaluated, objects and arrays walked, the rest kept. */
    private Object evaluate(JsonNode template, Map<String, Object> input, Map<String, Object> variables,
                            Map<String, Object> states) {
        if (template.isObject()) {
            Map<String, Object> object = new java.util.LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                Object value = evaluate(field.getValue(), input, variables, states);
                if (value != null) {
                    object.put(field.getKey(), value);
                }
            }
            return object;
        }
        if (template.isArray()) {
            List<Object> array = new ArrayList<>();
            template.forEach(element -> array.add(evaluate(element, input, variables, states)));
            return array;
        }
        String text = template.asText();
        if (template.isTextual() && text.startsWith("{%") && text.endsWith("%}")) {
            Jsonata expression = Jsonata.jsonata(text.substring(2, text.length() - 2).strip());
            Jsonata.Frame frame = expression.createFrame();
            Map<String, Object> bound = new HashMap<>(states);
            bound.put("input", input);
            bound.put("context", Map.of("Task", Map.of("Token", "task-token-of-the-test")));
            frame.bind("states", bound);
            variables.forEach(frame::bind);
            return expression.evaluate(input, frame);
        }
        return JSON.convertValue(template, Object.class);
    }
}
