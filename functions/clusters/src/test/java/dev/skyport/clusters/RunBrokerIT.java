package dev.skyport.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.cloudaccounts.application.CloudAccounts;
import dev.skyport.cloudaccounts.application.ExternalIds;
import dev.skyport.cloudaccounts.domain.AccountName;
import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.DeploymentEnvironment;
import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.testing.People;
import dev.skyport.kernel.SecretStore;
import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.simulated.LocalAwsServer;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSecretsManagerServer;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.IOException;
import java.net.URI;
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

/**
 * The run broker's handler invoked with {@code events/run-broker-brief.json} (a Lambda function URL request that AWS
 * authenticated with IAM), against ECS DescribeTasks, Secrets Manager and STS served locally: a running task of the
 * provisioning workflow gets its own run's configuration and its owner's credentials, and every other caller,
 * task or run gets nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunBrokerIT {

    private static final ObjectMapper JSON = LambdaEvents.JSON;
    private static final String ECS_CLUSTER = "arn:aws:ecs:eu-west-1:123456789012:cluster/SkyportProvisioning-Cluster";
    private static final String FAMILY = "SkyportProvisioningTerraformTask";
    private static final String TASK_ROLE = "arn:aws:iam::123456789012:role/SkyportProvisioning-TerraformTaskTaskRole";
    private static final String PLANS_BUCKET = "skyportprovisioning-plansbucket-0123456789ab";
    private static final String KEY_ID = "AKIACUSTOMERKEY00001";
    private static final String SECRET_KEY = "customer-secret-access-key-0123456789";

    private final LocalSesServer ses = new LocalSesServer();
    private final LocalWorkflowServer aws = new LocalWorkflowServer();
    private final LocalSecretsManagerServer secrets = new LocalSecretsManagerServer();
    private final LocalAwsServer sts = new LocalAwsServer();
    private ApplicationContext context;
    private ClustersHandler http;
    private RunBrokerHandler broker;
    private RunReports reports;
    private Session boss;

    @BeforeAll
    void start() {
        Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.put("skyport.clusters.workflow.state-machine-arn",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:SkyportProvisioning");
        properties.put("skyport.clusters.workflow.log-group", "/skyport/terraform");
        properties.put("skyport.clusters.run-broker.ecs-cluster", ECS_CLUSTER);
        properties.put("skyport.clusters.run-broker.task-family", FAMILY);
        properties.put("skyport.clusters.run-broker.task-role-arn", TASK_ROLE);
        properties.put("skyport.clusters.run-broker.plans-bucket", PLANS_BUCKET);
        properties.put("skyport.aws.endpoints.sfn", aws.endpoint().toString());
        properties.put("skyport.aws.endpoints.logs", aws.endpoint().toString());
        properties.put("skyport.aws.endpoints.ecs", aws.endpoint().toString());
        properties.put("skyport.aws.endpoints.secretsmanager", secrets.endpoint().toString());
        properties.put("skyport.aws.endpoints.sts", sts.endpoint().toString());
        properties.putAll(HttpApiHandler.IN_LAMBDA);
        context = ApplicationContext.builder().properties(properties).eagerInitSingletons(true).start();
        http = new ClustersHandler(context);
        broker = new RunBrokerHandler(context);
        reports = context.getBean(RunReports.class);
        boss = People.signedIn(context, ses, SkyportTestProperties.ADMIN_EMAIL, "boss");
    }

    @AfterAll
    void stop() {
        http.close();
        ses.close();
        aws.close();
        secrets.close();
        sts.close();
    }

    /** A verified AWS account of the boss, its credentials in Secrets Manager as the cloud-accounts function keeps them. */
    private String account(String credentials) {
        CloudAccountId id = CloudAccountId.generate();
        String secret = context.getBean(SecretStore.class).create("cloud-accounts/" + boss.user().id().value() + "/"
                + id.value(), credentials, Map.of("skyport:owner", boss.user().id().value()));
        Instant now = Instant.now();
        context.getBean(CloudAccounts.class).create(new CloudAccount(id, boss.user().id(),
                new AccountName("prod-" + id.value().substring(0, 8)), CloudProvider.AWS,
                DeploymentEnvironment.parse("prod"), Map.of("kind", "access_keys"), Map.of(), secret, now, now,
                Optional.empty()));
        return id.value();
    }

    /** A cluster asked for through the API, its run marked started by the workflow; answers [cluster, run]. */
    private String[] startedCluster(String account, String name) throws IOException {
        APIGatewayV2HTTPEvent create = LambdaEvents.read("clusters-create.json", APIGatewayV2HTTPEvent.class,
                Map.of("CLOUD_ACCOUNT_ID", account, "IDEMPOTENCY_KEY", UUID.randomUUID().toString(),
                        "demo-eks", name, "ACCESS_TOKEN_FROM_LOGIN", boss.accessToken()));
        APIGatewayV2HTTPResponse created = http.handleRequest(create, new MockLambdaContext());
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(202);
        JsonNode cluster = JSON.readTree(created.getBody());
        String id = cluster.path("id").asText();
        String run = cluster.path("current_run_id").asText();
        assertThat(reports.started(boss.user().id(), new ClusterId(id), run)).isTrue();
        return new String[] {id, run};
    }

    private void runningTask(String taskId, String cluster, String run, String owner) {
        runningTask(taskId, cluster, run, owner, "apply");
    }

    private void runningTask(String taskId, String cluster, String run, String owner, String action) {
        aws.task(ECS_CLUSTER, taskId, FAMILY, "RUNNING", Map.of("SKYPORT_CLUSTER_ID", cluster, "SKYPORT_RUN_ID", run,
                "SKYPORT_ACTION", action, "SKYPORT_OWNER_ID", owner, "SKYPORT_TASK_TOKEN", tokenOf(taskId)));
    }

    private APIGatewayV2HTTPResponse askForPlanUpload(String taskId, Map<String, String> more) throws IOException {
        Map<String, String> values = new HashMap<>(more);
        values.put("TASK_ID", taskId);
        values.putIfAbsent("TASK_TOKEN", tokenOf(taskId));
        return broker.handleRequest(LambdaEvents.read("run-broker-plan-upload.json", APIGatewayV2HTTPEvent.class,
                values), new MockLambdaContext());
    }

    /** The task token the workflow gave the task (made up per task here). */
    private static String tokenOf(String taskId) {
        return "AQCEAAAAKgAAAAMAAAAA" + taskId;
    }

    private APIGatewayV2HTTPResponse brief(String taskId) throws IOException {
        return brief(taskId, Map.of());
    }

    private APIGatewayV2HTTPResponse brief(String taskId, Map<String, String> more) throws IOException {
        Map<String, String> values = new HashMap<>(more);
        values.put("TASK_ID", taskId);
        values.putIfAbsent("TASK_TOKEN", tokenOf(taskId));
        return broker.handleRequest(LambdaEvents.read("run-broker-brief.json", APIGatewayV2HTTPEvent.class, values),
                new MockLambdaContext());
    }

    private static String taskId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void a_running_task_gets_its_runs_config_and_its_owners_credentials_and_its_log_stream_is_recorded()
            throws Exception {
        String[] cluster = startedCluster(account("{\"access_key_id\":\"" + KEY_ID + "\",\"secret_access_key\":\""
                + SECRET_KEY + "\"}"), "brief-me");
        String task = taskId();
        runningTask(task, cluster[0], cluster[1], boss.user().id().value());

        APIGatewayV2HTTPResponse answer = brief(task);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        assertThat(answer.getHeaders()).containsEntry("Cache-Control", "no-store");
        JsonNode body = JSON.readTree(answer.getBody());
        JsonNode config = body.path("run_config");
        assertThat(config.path("cluster_id").asText()).isEqualTo(cluster[0]);
        assertThat(config.path("run_id").asText()).isEqualTo(cluster[1]);
        assertThat(config.path("action").asText()).isEqualTo("apply");
        assertThat(config.path("provider").asText()).isEqualTo("aws");
        assertThat(config.path("variables").path("name").asText()).isEqualTo("brief-me");
        assertThat(config.path("variables").path("node_groups").get(0).path("desired_size").asInt()).isEqualTo(2);
        assertThat(config.path("variables").path("addons").get(0).asText()).isEqualTo("metrics-server");
        assertThat(config.path("backend").path("key").asText())
                .isEqualTo("platform/skyport/" + cluster[0] + "/terraform.tfstate");
        assertThat(config.path("backend").path("encrypt").asText()).isEqualTo("true");
        assertThat(config.toString()).as("the configuration holds no secret").doesNotContain(SECRET_KEY)
                .doesNotContain("secretsmanager");
        assertThat(body.path("environment").path("AWS_ACCESS_KEY_ID").asText()).isEqualTo(KEY_ID);
        assertThat(body.path("environment").path("AWS_SECRET_ACCESS_KEY").asText()).isEqualTo(SECRET_KEY);
        assertThat(body.path("environment").path("AWS_REGION").asText()).isEqualTo("eu-west-1");
        assertThat(context.getBean(Clusters.class).run(new ClusterId(cluster[0]), cluster[1]).orElseThrow()
                .logStream()).contains("terraform/terraform/" + task);

        APIGatewayV2HTTPResponse again = brief(task);
        assertThat(again.getStatusCode()).as("a task that asks twice (a retry) is answered twice").isEqualTo(200);
    }

    @Test
    void a_plan_runs_task_puts_its_plan_file_and_the_run_that_applies_the_plan_reads_that_file() throws Exception {
        String[] cluster = startedCluster(account("{\"access_key_id\":\"" + KEY_ID + "\",\"secret_access_key\":\""
                + SECRET_KEY + "\"}"), "planned");
        ClusterId id = new ClusterId(cluster[0]);
        assertThat(reports.succeeded(boss.user().id(), id, cluster[1], Optional.empty())).isTrue();
        String applyTask = taskId();
        runningTask(applyTask, cluster[0], cluster[1], boss.user().id().value());

        APIGatewayV2HTTPResponse planned = http.handleRequest(LambdaEvents.read("clusters-plan.json",
                APIGatewayV2HTTPEvent.class, Map.of("CLUSTER_ID", cluster[0], "ACCESS_TOKEN_FROM_LOGIN",
                        boss.accessToken())), new MockLambdaContext());
        assertThat(planned.getStatusCode()).as(planned.getBody()).isEqualTo(202);
        String planRun = JSON.readTree(planned.getBody()).path("id").asText();
        String planTask = taskId();
        runningTask(planTask, cluster[0], planRun, boss.user().id().value(), "plan");
        APIGatewayV2HTTPResponse planBrief = brief(planTask);
        assertThat(planBrief.getStatusCode()).isEqualTo(200);
        assertThat(JSON.readTree(planBrief.getBody()).has("saved_plan_url"))
                .as("a run that applies no saved plan is given no URL").isFalse();

        // Once its plan is made, the plan's task asks where to put the file: one object, one PUT, five minutes.
        APIGatewayV2HTTPResponse upload = askForPlanUpload(planTask, Map.of());
        assertThat(upload.getStatusCode()).as(upload.getBody()).isEqualTo(200);
        URI put = URI.create(JSON.readTree(upload.getBody()).path("url").asText());
        assertThat(put.toString()).contains(PLANS_BUCKET).contains("/plans/" + cluster[0] + "/" + planRun + ".tfplan?")
                .contains("X-Amz-Expires=300").contains("X-Amz-Signature=");
        // Another task's token, and a task whose run is no plan, get no URL.
        assertThat(askForPlanUpload(planTask, Map.of("TASK_TOKEN", tokenOf(applyTask))).getStatusCode())
                .isEqualTo(403);
        assertThat(askForPlanUpload(applyTask, Map.of()).getBody()).as("the apply run is over: it is told nothing")
                .contains("run-superseded");
        assertThat(askForPlanUpload(planTask, Map.of("plan-upload", "the-state-file")).getBody())
                .contains("malformed-request");

        RunPlan.Summary summary = RunPlan.Summary.of(List.of(new RunPlan.ResourceChange(
                "module.eks.aws_eks_node_group.system", RunPlan.ResourceAction.REPLACE)));
        assertThat(reports.planned(boss.user().id(), id, planRun, summary)).isTrue();
        long version = context.getBean(Clusters.class).find(boss.user().id(), id).orElseThrow().version();
        APIGatewayV2HTTPEvent apply = LambdaEvents.read("clusters-change.json", APIGatewayV2HTTPEvent.class,
                Map.of("CLUSTER_ID", cluster[0], "CLUSTER_VERSION", Long.toString(version),
                        "ACCESS_TOKEN_FROM_LOGIN", boss.accessToken()));
        apply.setBody("{\"plan_id\": \"" + planRun + "\"}");
        APIGatewayV2HTTPResponse applied = http.handleRequest(apply, new MockLambdaContext());
        assertThat(applied.getStatusCode()).as(applied.getBody()).isEqualTo(202);
        String updateRun = JSON.readTree(applied.getBody()).path("current_run_id").asText();
        String updateTask = taskId();
        runningTask(updateTask, cluster[0], updateRun, boss.user().id().value(), "update");

        APIGatewayV2HTTPResponse briefed = brief(updateTask);

        assertThat(briefed.getStatusCode()).as(briefed.getBody()).isEqualTo(200);
        JsonNode body = JSON.readTree(briefed.getBody());
        assertThat(body.path("run_config").path("saved_plan").asText()).isEqualTo(planRun);
        assertThat(body.path("saved_plan_url").asText()).contains(PLANS_BUCKET)
                .contains("/plans/" + cluster[0] + "/" + planRun + ".tfplan?").contains("X-Amz-Expires=300");
        APIGatewayV2HTTPResponse notAPlan = askForPlanUpload(updateTask, Map.of());
        assertThat(notAPlan.getStatusCode()).isEqualTo(409);
        assertThat(notAPlan.getBody()).contains("not-a-plan");
    }

    @Test
    void a_role_account_is_assumed_by_the_broker_with_the_owners_external_id() throws Exception {
        String[] cluster = startedCluster(account("{\"role_arn\":\"" + LocalAwsServer.ROLE_ARN + "\"}"), "role-run");
        sts.trust(LocalAwsServer.ROLE_ARN, context.getBean(ExternalIds.class).externalIdFor(boss.user().id()));
        String task = taskId();
        runningTask(task, cluster[0], cluster[1], boss.user().id().value());

        APIGatewayV2HTTPResponse answer = brief(task);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        JsonNode environment = JSON.readTree(answer.getBody()).path("environment");
        assertThat(environment.path("AWS_ACCESS_KEY_ID").asText()).isEqualTo("ASIATEMPORARY0000001");
        assertThat(environment.path("AWS_SESSION_TOKEN").asText()).isEqualTo("token");
        assertThat(environment.path("AWS_CREDENTIAL_EXPIRATION").asText()).as("when the run must renew it")
                .isEqualTo("2030-01-01T00:00:00Z");
        assertThat(sts.assumeRoleRequests()).contains(LocalAwsServer.ROLE_ARN);

        // A run that outlasts its session (an hour: the broker's own role session assumes the customer's role)
        // asks for a new one while it runs; another task's token gets none.
        int assumed = sts.assumeRoleRequests().size();
        APIGatewayV2HTTPResponse renewed = broker.handleRequest(LambdaEvents.read("run-broker-credentials.json",
                APIGatewayV2HTTPEvent.class, Map.of("TASK_ID", task, "TASK_TOKEN", tokenOf(task))),
                new MockLambdaContext());
        assertThat(renewed.getStatusCode()).as(renewed.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(renewed.getBody()).path("environment").path("AWS_SESSION_TOKEN").asText())
                .isEqualTo("token");
        assertThat(JSON.readTree(renewed.getBody()).has("run_config")).isFalse();
        assertThat(sts.assumeRoleRequests()).hasSize(assumed + 1);
        APIGatewayV2HTTPResponse forged = broker.handleRequest(LambdaEvents.read("run-broker-credentials.json",
                APIGatewayV2HTTPEvent.class, Map.of("TASK_ID", task, "TASK_TOKEN", "AQCEAAAAKgAAAAMAAAAAguessed")),
                new MockLambdaContext());
        assertThat(forged.getStatusCode()).isEqualTo(403);
        assertThat(forged.getBody()).doesNotContain("ASIATEMPORARY");
    }

    @Test
    void no_one_but_a_running_task_of_the_workflow_for_a_current_run_is_briefed() throws Exception {
        String[] cluster = startedCluster(account("{\"access_key_id\":\"" + KEY_ID + "\",\"secret_access_key\":\""
                + SECRET_KEY + "\"}"), "not-yours");
        String task = taskId();
        runningTask(task, cluster[0], cluster[1], boss.user().id().value());

        // Another role of the account signs the request: the task role's session name is not enough.
        APIGatewayV2HTTPResponse otherRole = brief(task, Map.of(
                "SkyportProvisioning-TerraformTaskTaskRole/", "SkyportApi-ClustersFunctionRole/"));
        assertThat(otherRole.getStatusCode()).isEqualTo(403);
        assertThat(otherRole.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(otherRole.getBody()).contains("not-a-run-task").doesNotContain(SECRET_KEY);

        // A direct invocation that made up the caller (it bypassed the URL's authentication) does not know the task's
        // token: the right identity with the wrong token gets nothing, and so does one without any.
        APIGatewayV2HTTPResponse forged = brief(task, Map.of("TASK_TOKEN", "AQCEAAAAKgAAAAMAAAAAguessed"));
        assertThat(forged.getStatusCode()).isEqualTo(403);
        assertThat(forged.getBody()).doesNotContain(SECRET_KEY);
        assertThat(brief(task, Map.of("TASK_TOKEN", "")).getStatusCode()).isEqualTo(403);

        // A task ECS does not know, one of another family, and one that has stopped.
        assertThat(brief(taskId()).getStatusCode()).isEqualTo(403);
        String foreign = taskId();
        aws.task(ECS_CLUSTER, foreign, "SomethingElse", "RUNNING", Map.of("SKYPORT_CLUSTER_ID", cluster[0],
                "SKYPORT_RUN_ID", cluster[1], "SKYPORT_ACTION", "apply", "SKYPORT_OWNER_ID",
                boss.user().id().value()));
        assertThat(brief(foreign).getStatusCode()).isEqualTo(403);
        String stopped = taskId();
        aws.task(ECS_CLUSTER, stopped, FAMILY, "STOPPED", Map.of("SKYPORT_CLUSTER_ID", cluster[0],
                "SKYPORT_RUN_ID", cluster[1], "SKYPORT_ACTION", "apply", "SKYPORT_OWNER_ID",
                boss.user().id().value()));
        assertThat(brief(stopped).getStatusCode()).isEqualTo(403);

        // A task started for this run but naming another owner reaches nothing: the cluster is not theirs.
        String lying = taskId();
        runningTask(lying, cluster[0], cluster[1], UUID.randomUUID().toString());
        assertThat(brief(lying).getStatusCode()).isEqualTo(409);

        // Once the run is cancelled, its task is told nothing more.
        APIGatewayV2HTTPEvent cancel = LambdaEvents.read("clusters-cancel.json", APIGatewayV2HTTPEvent.class,
                Map.of("CLUSTER_ID", cluster[0], "ACCESS_TOKEN_FROM_LOGIN", boss.accessToken()));
        assertThat(http.handleRequest(cancel, new MockLambdaContext()).getStatusCode()).isEqualTo(200);
        APIGatewayV2HTTPResponse cancelled = brief(task);
        assertThat(cancelled.getStatusCode()).isEqualTo(409);
        assertThat(cancelled.getBody()).contains("run-superseded").doesNotContain(SECRET_KEY);

        APIGatewayV2HTTPEvent get = LambdaEvents.read("run-broker-brief.json", APIGatewayV2HTTPEvent.class,
                Map.of("TASK_ID", task, "\"method\": \"POST\"", "\"method\": \"GET\""));
        assertThat(broker.handleRequest(get, new MockLambdaContext()).getStatusCode()).isEqualTo(405);
    }
}
