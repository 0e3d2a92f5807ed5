package dev.skyport.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.cloudaccounts.application.CloudAccounts;
import dev.skyport.cloudaccounts.domain.AccountName;
import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.DeploymentEnvironment;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.config.ClustersSettings;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.identity.application.Session;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The clusters Lambda handlers invoked with the samples of {@code events/}: every HTTP route with the Step Functions
 * and CloudWatch Logs adapters against a local server speaking their protocols, and the workflow backstop
 * (EventBridge). The workflow's own reports are made through {@link RunReports}, as the embedded provisioner does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClustersHandlerIT {

    private static final ObjectMapper JSON = LambdaEvents.JSON;
    private ClustersLambda lambda;
    private LocalWorkflowServer aws;
    private ApplicationContext context;
    private ClustersHandler http;
    private WorkflowBackstopHandler backstop;
    private RunReports reports;
    private Session boss;
    private Session alice;

    @BeforeAll
    void start() {
        // Every test here makes clusters of the same person, and none is deleted for good.
        lambda = new ClustersLambda(Map.of(ClustersSettings.QUOTA, 20));
        aws = lambda.aws;
        context = lambda.context;
        http = lambda.http;
        backstop = new WorkflowBackstopHandler(context);
        reports = context.getBean(RunReports.class);
        boss = lambda.boss;
        alice = lambda.alice;
    }

    @AfterAll
    void stop() {
        lambda.close();
    }

    /** A verified AWS account of the person, as the cloud-accounts function stores it. */
    private String cloudAccountOf(Session session) {
        CloudAccountId id = CloudAccountId.generate();
        Instant now = Instant.now();
        context.getBean(CloudAccounts.class).create(new CloudAccount(id, session.user().id(),
                new AccountName("prod-" + id.value().substring(0, 8)), CloudProvider.AWS, DeploymentEnvironment.parse("prod"),
                Map.of("access_key_id", "AKIA****0001"), Map.of("account_id", "210987654321"),
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:skyport/cloud-accounts/x-Ab12Cd", now, now,
                Optional.empty()));
        return id.value();
    }

    private APIGatewayV2HTTPResponse invoke(String sample, Session as, Map<String, String> values) throws IOException {
        Map<String, String> replacements = new HashMap<>(values);
        replacements.put("ACCESS_TOKEN_FROM_LOGIN", as.accessToken());
        return http.handleRequest(LambdaEvents.read(sample, APIGatewayV2HTTPEvent.class, replacements),
                new MockLambdaContext());
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        return ClustersLambda.header(response, name);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws IOException {
        return JSON.readTree(response.getBody());
    }

    private JsonNode cluster(String id) throws IOException {
        return body(invoke("clusters-get.json", boss, Map.of("CLUSTER_ID", id)));
    }

    @Test
    void the_samples_walk_a_cluster_through_create_cancel_retry_backstop_and_delete() throws Exception {
        String account = cloudAccountOf(boss);
        String key = UUID.randomUUID().toString();
        Map<String, String> create = Map.of("CLOUD_ACCOUNT_ID", account, "IDEMPOTENCY_KEY", key,
                "demo-eks", "walk-through");

        APIGatewayV2HTTPResponse created = invoke("clusters-create.json", boss, create);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(202);
        JsonNode cluster = body(created);
        String id = cluster.path("id").asText();
        assertThat(header(created, "Location")).isEqualTo("/clusters/" + id);
        assertThat(cluster.path("status").asText()).isEqualTo("REQUESTED");
        assertThat(cluster.path("state").path("key").asText()).isEqualTo("platform/skyport/" + id + "/terraform.tfstate");
        assertThat(cluster.path("api_access").path("public").asBoolean()).isTrue();
        assertThat(cluster.path("api_access").path("cidrs").get(0).asText()).isEqualTo("198.51.100.0/24");
        assertThat(created.getBody()).doesNotContain("secretsmanager").doesNotContain("secret_ref");
        String applyRun = cluster.path("current_run_id").asText();
        // The run protocol's input: the run, and its preflight document (never a secret).
        assertThat(aws.executions().get(applyRun).input()).isEqualTo(JSON.readTree("""
                {"cluster_id":"%s","run_id":"%s","action":"apply","owner":"%s",
                 "preflight":{"owner":"%s","cloud_account_id":"%s","region":"eu-west-1","cluster_name":"walk-through",
                              "state_bucket":"acme-tf-state","state_key":"platform/skyport/%s/terraform.tfstate"}}"""
                .formatted(id, applyRun, boss.user().id().value(), boss.user().id().value(),
                        cluster.path("cloud_account_id").asText(), id)));

        APIGatewayV2HTTPResponse again = invoke("clusters-create.json", boss, create);
        assertThat(again.getStatusCode()).isEqualTo(202);
        assertThat(body(again).path("id").asText()).isEqualTo(id);
        assertThat(header(again, "Idempotent-Replayed")).isEqualTo("true");
        assertThat(aws.starts()).containsOnlyOnce(applyRun);

        APIGatewayV2HTTPResponse invalid = invoke("clusters-create-invalid.json", boss,
                Map.of("CLOUD_ACCOUNT_ID", account));
        assertThat(invalid.getStatusCode()).isEqualTo(400);
        assertThat(header(invalid, "Content-Type")).startsWith("application/problem+json");
        assertThat(invalid.getBody()).contains("vpc_cidr");

        assertThat(body(invoke("clusters-list.json", boss, Map.of())).path("clusters").findValuesAsText("id"))
                .contains(id);
        assertThat(cluster(id).path("current_run").path("status").asText()).isEqualTo("STARTING");

        // The workflow starts the run; its task names its log stream, and its output is read page by page.
        reports.started(boss.user().id(), new ClusterId(id), applyRun);
        nameLogStream(id, applyRun, "terraform/terraform/task-1");
        aws.log("terraform/terraform/task-1", "Initializing the backend...", "module.eks.aws_eks_cluster.this: Creating...");
        JsonNode logs = body(invoke("clusters-run-logs.json", boss, Map.of("CLUSTER_ID", id, "RUN_ID", applyRun)));
        assertThat(logs.path("lines").findValuesAsText("line")).containsExactly("Initializing the backend...",
                "module.eks.aws_eks_cluster.this: Creating...");
        assertThat(logs.path("lines").findValues("seq").stream().map(JsonNode::asLong).toList())
                .containsExactly(1L, 2L);
        assertThat(cluster(id).path("status").asText()).isEqualTo("PROVISIONING");

        APIGatewayV2HTTPResponse busyDelete = invoke("clusters-delete.json", boss, Map.of("CLUSTER_ID", id));
        assertThat(busyDelete.getStatusCode()).isEqualTo(409);
        assertThat(busyDelete.getBody()).contains("cancel first");

        APIGatewayV2HTTPResponse cancelled = invoke("clusters-cancel.json", boss, Map.of("CLUSTER_ID", id));
        assertThat(cancelled.getStatusCode()).as(cancelled.getBody()).isEqualTo(200);
        assertThat(body(cancelled).path("status").asText()).isEqualTo("FAILED");
        assertThat(body(cancelled).path("reason").asText()).isEqualTo("cancelled");
        assertThat(aws.executions().get(applyRun).stopped()).isTrue();

        APIGatewayV2HTTPResponse retried = invoke("clusters-retry.json", boss, Map.of("CLUSTER_ID", id));
        assertThat(retried.getStatusCode()).isEqualTo(202);
        String retryRun = body(retried).path("current_run_id").asText();
        assertThat(body(retried).path("status").asText()).isEqualTo("PROVISIONING");
        assertThat(aws.executions()).containsKey(retryRun);

        // The retry's execution times out outside its Catch: the backstop marks the cluster, once.
        ScheduledEvent timedOut = LambdaEvents.read("stepfunctions-execution-timed-out.json", ScheduledEvent.class,
                Map.of("CLUSTER_ID", id, "RUN_ID", retryRun, "OWNER_ID", boss.user().id().value()));
        assertThat(backstop.handleRequest(timedOut, new MockLambdaContext())).isEqualTo("marked");
        assertThat(backstop.handleRequest(timedOut, new MockLambdaContext())).isEqualTo("unchanged");
        assertThat(cluster(id).path("reason").asText()).isEqualTo("workflow-timed-out");

        APIGatewayV2HTTPResponse deleting = invoke("clusters-delete.json", boss, Map.of("CLUSTER_ID", id));
        assertThat(deleting.getStatusCode()).isEqualTo(202);
        assertThat(body(deleting).path("status").asText()).isEqualTo("DELETING");
        String destroyRun = body(deleting).path("current_run_id").asText();
        assertThat(aws.executions().get(destroyRun).input().path("action").asText()).isEqualTo("destroy");

        JsonNode events = body(invoke("clusters-events.json", boss, Map.of("CLUSTER_ID", id)));
        assertThat(events.path("events").findValuesAsText("to")).containsExactly("REQUESTED", "PROVISIONING",
                "FAILED", "PROVISIONING", "FAILED", "DELETING");
        assertThat(events.path("events").get(2).path("actor").asText()).isEqualTo(boss.user().id().value());
        assertThat(body(invoke("clusters-runs.json", boss, Map.of("CLUSTER_ID", id))).path("runs")
                .findValuesAsText("status")).containsExactly("STARTING", "FAILED", "CANCELLED");
        JsonNode cancelledRun = body(invoke("clusters-run.json", boss, Map.of("CLUSTER_ID", id, "RUN_ID", applyRun)));
        assertThat(cancelledRun.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelledRun.path("action").asText()).isEqualTo("apply");
        assertThat(cancelledRun.path("logs").asText()).isEqualTo("/clusters/" + id + "/runs/" + applyRun + "/logs");

        JsonNode catalogue = body(invoke("clusters-catalogue.json", boss, Map.of()));
        assertThat(catalogue.path("providers").findValuesAsText("provider")).containsExactly("aws", "azure", "gcp");
        assertThat(catalogue.path("providers").get(0).path("default_kubernetes_version").asText()).isNotBlank();
    }

    @Test
    void only_admins_create_by_default_and_a_workflow_that_cannot_start_leaves_a_failed_cluster() throws Exception {
        APIGatewayV2HTTPResponse forbidden = invoke("clusters-create.json", alice,
                Map.of("CLOUD_ACCOUNT_ID", cloudAccountOf(alice), "IDEMPOTENCY_KEY", "k-alice"));
        assertThat(forbidden.getStatusCode()).isEqualTo(403);
        assertThat(forbidden.getBody()).contains("ADMIN");

        aws.unavailable(true);
        try {
            APIGatewayV2HTTPResponse down = invoke("clusters-create.json", boss, Map.of("CLOUD_ACCOUNT_ID",
                    cloudAccountOf(boss), "IDEMPOTENCY_KEY", UUID.randomUUID().toString(), "demo-eks", "unlucky"));
            assertThat(down.getStatusCode()).isEqualTo(503);
            assertThat(down.getBody()).contains("workflow-unavailable").doesNotContain("Exception");
        } finally {
            aws.unavailable(false);
        }
        JsonNode failed = body(invoke("clusters-list.json", boss, Map.of())).path("clusters");
        assertThat(failed.findValuesAsText("reason")).contains("workflow-not-started");
    }

    @Test
    void another_persons_cluster_answers_404_on_every_route_and_nothing_changes() throws Exception {
        String account = cloudAccountOf(boss);
        String id = body(invoke("clusters-create.json", boss, Map.of("CLOUD_ACCOUNT_ID", account,
                "IDEMPOTENCY_KEY", UUID.randomUUID().toString(), "demo-eks", "private-one"))).path("id").asText();
        JsonNode before = cluster(id);
        String run = before.path("current_run_id").asText();
        int executions = aws.starts().size();
        Map<String, String> ids = Map.of("CLUSTER_ID", id, "RUN_ID", run);
        for (String sample : List.of("clusters-get.json", "clusters-events.json", "clusters-runs.json",
                "clusters-run.json", "clusters-run-logs.json", "clusters-cancel.json", "clusters-retry.json",
                "clusters-delete.json", "clusters-delete-force.json", "clusters-plan.json",
                "clusters-run-cancel.json")) {
            APIGatewayV2HTTPResponse answer = invoke(sample, alice, ids);
            assertThat(answer.getStatusCode()).as(sample).isEqualTo(404);
            assertThat(answer.getBody()).as(sample).contains("cluster-not-found").doesNotContain("private-one");
        }
        for (String forged : List.of("../../users", "not-a-uuid", "x".repeat(300))) {
            assertThat(invoke("clusters-get.json", boss, Map.of("CLUSTER_ID", forged)).getStatusCode())
                    .as(forged).isIn(404, 400);
        }
        assertThat(cluster(id)).isEqualTo(before);
        assertThat(aws.starts()).hasSize(executions);
        assertThat(aws.executions().get(run).stopped()).isFalse();
    }

    /** A PATCH of the cluster made on {@code version}, with {@code body} instead of the sample's. */
    private APIGatewayV2HTTPResponse change(Session as, String id, String version, String body) throws IOException {
        APIGatewayV2HTTPEvent event = LambdaEvents.read("clusters-change.json", APIGatewayV2HTTPEvent.class,
                Map.of("ACCESS_TOKEN_FROM_LOGIN", as.accessToken(), "CLUSTER_ID", id, "CLUSTER_VERSION", version));
        if (body != null) {
            event.setBody(body);
        }
        return http.handleRequest(event, new MockLambdaContext());
    }

    private String running(String name) throws IOException {
        String id = body(invoke("clusters-create.json", boss, Map.of("CLOUD_ACCOUNT_ID", cloudAccountOf(boss),
                "IDEMPOTENCY_KEY", UUID.randomUUID().toString(), "demo-eks", name))).path("id").asText();
        String run = cluster(id).path("current_run_id").asText();
        reports.started(boss.user().id(), new ClusterId(id), run);
        reports.succeeded(boss.user().id(), new ClusterId(id), run, Optional.empty());
        return id;
    }

    @Test
    void a_change_names_the_version_it_was_made_on_and_of_two_made_on_one_version_only_the_first_applies()
            throws Exception {
        String id = running("changing");
        APIGatewayV2HTTPResponse read = invoke("clusters-get.json", boss, Map.of("CLUSTER_ID", id));
        String version = body(read).path("version").asText();
        assertThat(header(read, "ETag")).isEqualTo("\"" + version + "\"");
        assertThat(header(read, "Cache-Control")).as("a person's cluster is kept by no cache").isEqualTo("no-store");

        APIGatewayV2HTTPResponse changed = change(boss, id, version, null);
        assertThat(changed.getStatusCode()).as(changed.getBody()).isEqualTo(202);
        JsonNode updating = body(changed);
        assertThat(updating.path("status").asText()).isEqualTo("UPDATING");
        assertThat(updating.path("deletion_protection").asBoolean()).isTrue();
        assertThat(updating.path("node_groups").get(0).path("desired_size").asInt()).isEqualTo(3);
        assertThat(header(changed, "ETag")).isEqualTo("\"" + updating.path("version").asText() + "\"");
        String updateRun = updating.path("current_run_id").asText();
        assertThat(aws.executions().get(updateRun).input().path("action").asText()).isEqualTo("update");
        assertThat(aws.executions().get(updateRun).input().path("preflight").isObject())
                .as("an update is checked first, as an apply is").isTrue();

        APIGatewayV2HTTPResponse stale = change(boss, id, version, null);
        assertThat(stale.getStatusCode()).isEqualTo(412);
        assertThat(header(stale, "Content-Type")).startsWith("application/problem+json");
        assertThat(stale.getBody()).contains("stale-version");
        APIGatewayV2HTTPEvent withoutVersion = LambdaEvents.read("clusters-change.json", APIGatewayV2HTTPEvent.class,
                Map.of("ACCESS_TOKEN_FROM_LOGIN", boss.accessToken(), "CLUSTER_ID", id));
        withoutVersion.getHeaders().remove("if-match");
        APIGatewayV2HTTPResponse unversioned = http.handleRequest(withoutVersion, new MockLambdaContext());
        assertThat(unversioned.getStatusCode()).as(unversioned.getBody()).isEqualTo(428);
        assertThat(unversioned.getBody()).contains("version-required");
        APIGatewayV2HTTPResponse busy = change(boss, id, updating.path("version").asText(),
                "{\"tags\": {\"team\": \"ops\"}}");
        assertThat(busy.getStatusCode()).isEqualTo(409);
        assertThat(busy.getBody()).contains("run-in-progress");

        APIGatewayV2HTTPResponse protectedDelete = invoke("clusters-delete.json", boss, Map.of("CLUSTER_ID", id));
        assertThat(protectedDelete.getStatusCode()).isEqualTo(409);
        assertThat(protectedDelete.getBody()).contains("deletion-protected");
        reports.started(boss.user().id(), new ClusterId(id), updateRun);
        reports.succeeded(boss.user().id(), new ClusterId(id), updateRun, Optional.empty());
        JsonNode done = cluster(id);
        assertThat(done.path("status").asText()).isEqualTo("RUNNING");

        APIGatewayV2HTTPResponse unprotected = change(boss, id, done.path("version").asText(),
                "{\"deletion_protection\": false}");
        assertThat(unprotected.getStatusCode()).as("no run: 200").isEqualTo(200);
        assertThat(body(unprotected).path("status").asText()).isEqualTo("RUNNING");
        assertThat(body(unprotected).path("current_run_id").asText()).isEqualTo(updateRun);
        JsonNode history = body(invoke("clusters-events.json", boss, Map.of("CLUSTER_ID", id))).path("events");
        assertThat(history.get(history.size() - 1).path("changes").get(0).asText())
                .isEqualTo("deletion_protection: on -> off");
        assertThat(history.findValuesAsText("to")).containsExactly("REQUESTED", "PROVISIONING", "RUNNING",
                "UPDATING", "RUNNING", "RUNNING");

        APIGatewayV2HTTPResponse notFailed = invoke("clusters-delete-force.json", boss, Map.of("CLUSTER_ID", id));
        assertThat(notFailed.getStatusCode()).isEqualTo(409);
        assertThat(notFailed.getBody()).contains("force-needs-failed-destroy");
        APIGatewayV2HTTPResponse foreign = change(alice, id, body(unprotected).path("version").asText(), null);
        assertThat(foreign.getStatusCode()).isEqualTo(404);
    }

    @Test
    void a_plan_runs_as_a_plan_run_and_a_change_applies_it_by_its_id() throws Exception {
        String id = running("plan-first");
        JsonNode before = cluster(id);
        APIGatewayV2HTTPResponse planned = invoke("clusters-plan.json", boss, Map.of("CLUSTER_ID", id));
        assertThat(planned.getStatusCode()).as(planned.getBody()).isEqualTo(202);
        JsonNode plan = body(planned);
        String planId = plan.path("id").asText();
        assertThat(header(planned, "Location")).isEqualTo("/clusters/" + id + "/runs/" + planId);
        assertThat(plan.path("action").asText()).isEqualTo("plan");
        assertThat(plan.path("plan").path("of").asText()).isEqualTo("update");
        assertThat(plan.path("plan").path("changes").get(0).asText())
                .isEqualTo("node_groups.system: m6i.large, 1/2/3 -> m6i.xlarge, 1/2/3");
        JsonNode input = aws.executions().get(planId).input();
        assertThat(input.path("action").asText()).isEqualTo("plan");
        assertThat(cluster(id)).as("a plan changes no cluster").isEqualTo(before);

        reports.started(boss.user().id(), new ClusterId(id), planId);
        reports.planned(boss.user().id(), new ClusterId(id), planId, RunPlan.Summary.of(List.of(
                new RunPlan.ResourceChange("module.eks.module.eks.module.eks_managed_node_group[\"system\"]"
                        + ".aws_eks_node_group.this[0]", RunPlan.ResourceAction.REPLACE))));
        JsonNode done = body(invoke("clusters-run.json", boss, Map.of("CLUSTER_ID", id, "RUN_ID", planId)));
        assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.path("plan").path("summary").path("add").asInt()).isEqualTo(1);
        assertThat(done.path("plan").path("summary").path("resources").get(0).path("action").asText())
                .isEqualTo("replace");

        String version = before.path("version").asText();
        APIGatewayV2HTTPResponse mixed = change(boss, id, version,
                "{\"plan_id\": \"" + planId + "\", \"deletion_protection\": true}");
        assertThat(mixed.getStatusCode()).isEqualTo(400);
        assertThat(mixed.getBody()).contains("send it alone");
        APIGatewayV2HTTPResponse applied = change(boss, id, version, "{\"plan_id\": \"" + planId + "\"}");
        assertThat(applied.getStatusCode()).as(applied.getBody()).isEqualTo(202);
        assertThat(body(applied).path("status").asText()).isEqualTo("UPDATING");
        assertThat(body(applied).path("node_groups").get(0).path("instance_type").asText()).isEqualTo("m6i.xlarge");
        assertThat(body(applied).path("addons").findValuesAsText("name"))
                .containsExactly("metrics-server", "cert-manager");
        APIGatewayV2HTTPResponse foreign = invoke("clusters-plan.json", alice, Map.of("CLUSTER_ID", id));
        assertThat(foreign.getStatusCode()).isEqualTo(404);
    }

    @Test
    void a_plan_under_way_is_cancelled_by_its_id_and_its_late_report_changes_nothing() throws Exception {
        String id = running("plan-cancelled");
        JsonNode before = cluster(id);
        String planId = body(invoke("clusters-plan.json", boss, Map.of("CLUSTER_ID", id))).path("id").asText();
        reports.started(boss.user().id(), new ClusterId(id), planId);
        Map<String, String> ids = Map.of("CLUSTER_ID", id, "RUN_ID", planId);

        assertThat(invoke("clusters-run-cancel.json", alice, ids).getStatusCode()).as("another person's")
                .isEqualTo(404);
        APIGatewayV2HTTPResponse cancelled = invoke("clusters-run-cancel.json", boss, ids);
        assertThat(cancelled.getStatusCode()).as(cancelled.getBody()).isEqualTo(200);
        assertThat(body(cancelled).path("status").asText()).isEqualTo("CANCELLED");
        assertThat(aws.executions().get(planId).stopped()).as("its execution is stopped").isTrue();
        assertThat(cluster(id)).as("a plan's cancel moves no cluster").isEqualTo(before);

        // The task's report, sent before it heard of the stop, keeps nothing: there is no plan to apply.
        reports.planned(boss.user().id(), new ClusterId(id), planId, RunPlan.Summary.of(List.of()));
        assertThat(body(invoke("clusters-run.json", boss, ids)).path("status").asText()).isEqualTo("CANCELLED");
        APIGatewayV2HTTPResponse applied = change(boss, id, before.path("version").asText(),
                "{\"plan_id\": \"" + planId + "\"}");
        assertThat(applied.getStatusCode()).as(applied.getBody()).isEqualTo(409);
        APIGatewayV2HTTPResponse again = invoke("clusters-run-cancel.json", boss, ids);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(again.getBody()).contains("nothing-to-cancel");
        assertThat(cluster(id)).isEqualTo(before);
    }

    @Test
    void the_scheduled_expiry_sweep_starts_the_destroy_of_a_cluster_whose_expiry_came() throws Exception {
        String account = cloudAccountOf(boss);
        APIGatewayV2HTTPEvent create = LambdaEvents.read("clusters-create.json", APIGatewayV2HTTPEvent.class,
                Map.of("ACCESS_TOKEN_FROM_LOGIN", boss.accessToken(), "CLOUD_ACCOUNT_ID", account,
                        "IDEMPOTENCY_KEY", UUID.randomUUID().toString(), "demo-eks", "brief"));
        MutableClock clock = context.getBean(MutableClock.class);
        java.time.Instant expiry = clock.instant().plusSeconds(2);
        create.setBody(create.getBody().replaceFirst("\\{", "{\"expires_at\": \"" + expiry + "\", "));
        APIGatewayV2HTTPResponse created = http.handleRequest(create, new MockLambdaContext());
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(202);
        String id = body(created).path("id").asText();
        assertThat(body(created).path("expires_at").asText()).isNotEmpty();
        String run = body(created).path("current_run_id").asText();
        reports.started(boss.user().id(), new ClusterId(id), run);
        reports.succeeded(boss.user().id(), new ClusterId(id), run, Optional.empty());
        clock.advance(java.time.Duration.ofSeconds(3));

        ClusterExpiryHandler sweep = new ClusterExpiryHandler(context);
        ScheduledEvent tick = LambdaEvents.read("scheduled-cluster-expiry.json", ScheduledEvent.class, Map.of());
        assertThat(sweep.handleRequest(tick, new MockLambdaContext())).contains("1 destroyed");
        JsonNode expired = cluster(id);
        assertThat(expired.path("status").asText()).isEqualTo("DELETING");
        assertThat(expired.path("reason").asText()).isEqualTo("expired");
        assertThat(aws.executions().get(expired.path("current_run_id").asText()).input().path("action").asText())
                .isEqualTo("destroy");
        assertThat(sweep.handleRequest(tick, new MockLambdaContext())).as("nothing twice").contains("0 destroyed");
    }

    /** Every field has one JSON type: nothing is converted, and every refusal names its field and changes nothing. */
    @Test
    void a_change_of_the_wrong_shape_is_refused_naming_its_field_and_changes_nothing() throws Exception {
        String id = running("strictly");
        JsonNode before = cluster(id);
        String version = before.path("version").asText();
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("{\"node_groups\": {\"system\": {\"desired_size\": 1.9}}}", "node_groups.system.desired_size");
        refusals.put("{\"node_groups\": {\"system\": {\"max_size\": \"3\"}}}", "node_groups.system.max_size");
        refusals.put("{\"node_groups\": {\"system\": {\"min_size\": true}}}", "node_groups.system.min_size");
        refusals.put("{\"node_groups\": {\"system\": null}}", "node_groups cannot lose its last node group");
        refusals.put("{\"node_groups\": [{\"name\": \"system\"}]}", "node_groups must be an object");
        refusals.put("{\"kubernetes_version\": 1.33}", "kubernetes_version must be a string");
        refusals.put("{\"kubernetes_version\": \"1.31\"}", "cannot go down");
        refusals.put("{\"region\": \"us-east-1\"}", "region cannot change");
        refusals.put("{\"colour\": \"blue\"}", "colour is not something a change can name");
        refusals.put("{\"deletion_protection\": \"yes\"}", "deletion_protection must be true or false");
        refusals.put("{\"expires_at\": \"tomorrow\"}", "expires_at must be a UTC time");
        refusals.put("{\"expires_at\": \"2020-01-01T00:00:00Z\"}", "expires_at must be in the future");
        refusals.put("{}", "names nothing to change");
        refusals.put("[1, 2]", "the body is a JSON object");
        refusals.put("{\"tags\": {\"Bad Key\": \"x\"}}", "tags: each key");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            APIGatewayV2HTTPResponse answer = change(boss, id, version, refusal.getKey());
            assertThat(answer.getStatusCode()).as(refusal.getKey() + " " + answer.getBody()).isEqualTo(400);
            assertThat(header(answer, "Content-Type")).startsWith("application/problem+json");
            assertThat(header(answer, "Cache-Control")).isEqualTo("no-store");
            assertThat(body(answer).path("detail").asText()).as(refusal.getKey()).contains(refusal.getValue());
        }
        for (String tag : List.of("W/\"" + version + "\"", "*", "\"" + version + "\", \"99\"", "7")) {
            APIGatewayV2HTTPEvent event = LambdaEvents.read("clusters-change.json", APIGatewayV2HTTPEvent.class,
                    Map.of("ACCESS_TOKEN_FROM_LOGIN", boss.accessToken(), "CLUSTER_ID", id));
            event.getHeaders().put("if-match", tag);
            APIGatewayV2HTTPResponse answer = http.handleRequest(event, new MockLambdaContext());
            assertThat(answer.getStatusCode()).as(tag).isEqualTo(400);
            assertThat(answer.getBody()).as(tag).contains("invalid-if-match");
        }
        assertThat(cluster(id)).isEqualTo(before);
    }

    /** What the Terraform task does when it starts: it names its log stream on its run. */
    private void nameLogStream(String clusterId, String runId, String stream) {
        DynamoDbLocalFixture.client().updateItem(b -> b.tableName(context.getBean(TableNames.class).clusters())
                .key(Map.of("pk", AttributeValue.fromS("CLUSTER#" + clusterId),
                        "sk", AttributeValue.fromS("RUN#" + runId)))
                .updateExpression("SET logStream = :stream")
                .expressionAttributeValues(Map.of(":stream", AttributeValue.fromS(stream))));
    }

}
