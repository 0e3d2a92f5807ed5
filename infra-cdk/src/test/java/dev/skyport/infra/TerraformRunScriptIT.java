package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.clusters.application.WorkflowReports;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.Ipv4Cidr;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.clusters.domain.Safeguards;
import dev.skyport.clusters.domain.TerraformRunConfig;
import dev.skyport.infra.IamSimulator.Decision;
import dev.skyport.infra.IamSimulator.Request;
import dev.skyport.kernel.UserId;
import dev.skyport.simulated.SimulatedClusterCa;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Terraform image's entry script ({@code terraform-image/skyport-run.sh}), run by bash with a fake
 * {@code terraform} and {@code aws} first on the PATH (they record their arguments and the credentials they saw,
 * and answer as the real tools do), against what a task meets in AWS on loopback: the container credentials endpoint
 * and the run broker, which checks each request's SigV4 signature with the AWS SDK's signer. The fake {@code aws}
 * and the broker refuse whatever the IAM simulation of the synthesized task role refuses, so a missing grant fails
 * here. Covered: apply and destroy, each provider's credentials and state backend, the heartbeat, the success output,
 * every failure code, SIGTERM, and no credential value in any argument, output line or failure cause.
 */
class TerraformRunScriptIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = RunScriptCalls.SCRIPT.toAbsolutePath();
    private static final Path TERRAFORM_TREE = Path.of("terraform-image/terraform").toAbsolutePath();
    private static final UserId OWNER = new UserId("5f1c0d2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5");
    private static final String KEY_ID = "AKIACUSTOMERKEY00001";
    private static final String SECRET = "customer-secret-access-key-0123456789";
    private static final String TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAfaketasktoken";
    /** What the fake Terraform outputs as the cluster's CA: base64 of a real CA certificate's PEM. */
    private static final String CLUSTER_CA = SimulatedClusterCa.certificateAuthorityData("kubernetes", Instant.now());

    /** The entry script's task-role calls the synthesized task policy allows ("service command"). */
    private static final List<String> TASK_ROLE_ALLOWS = new ArrayList<>();
    private static boolean taskRoleMayCallBroker;

    @TempDir
    Path fake;
    private LocalRunBroker broker;

    @BeforeAll
    static void tools() {
        for (String tool : List.of("bash", "jq", "mkfifo", "curl")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/bin", tool)),
                    "the entry script's tests need " + tool + " on this machine; skipped without it");
        }
        DeployedValues values = new DeployedValues(SynthesizedApp.get().templates());
        IamSimulator.Principal taskRole = new IamSimulator(values).role("TerraformTaskTaskRole");
        List<RunScriptCalls.Call> calls = RunScriptCalls.all().stream().filter(call -> !call.asCustomer()).toList();
        List<Request> requests = new ArrayList<>();
        for (RunScriptCalls.Call call : calls) {
            requests.add(new Request(taskRole, call.action(), ProvisioningCalls.taskCallResource(call.action()),
                    Map.of()));
        }
        String brokerAlias = ProvisioningCalls.brokerAlias(values);
        requests.add(new Request(taskRole, "lambda:InvokeFunctionUrl", brokerAlias,
                Map.of("lambda:FunctionUrlAuthType", "AWS_IAM")));
        List<Decision> decisions = IamSimulator.decide(requests);
        for (int i = 0; i < calls.size(); i++) {
            if (decisions.get(i).allowed()) {
                TASK_ROLE_ALLOWS.add(calls.get(i).service() + " " + calls.get(i).command());
            }
        }
        taskRoleMayCallBroker = decisions.getLast().allowed();
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The fake tools on a fresh PATH, and, in AWS, the credentials endpoint and the broker. */
    private Map<String, String> environment(boolean inAws) throws IOException {
        Path bin = fake.resolve("bin");
        Files.createDirectories(bin);
        for (String tool : List.of("aws", "terraform")) {
            try (InputStream in = getClass().getResourceAsStream("/fake-tools/" + tool)) {
                Path target = bin.resolve(tool);
                Files.write(target, in.readAllBytes());
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            }
        }
        Files.write(fake.resolve("task-role-allows"), TASK_ROLE_ALLOWS);
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("HOME", fake.toString());
        env.put("TMPDIR", fake.toString());
        env.put("FAKE_DIR", fake.toString());
        env.put("FAKE_CA", CLUSTER_CA);
        env.put("SKYPORT_TERRAFORM", TERRAFORM_TREE.toString());
        if (inAws) {
            if (broker != null) {
                broker.close();
            }
            broker = new LocalRunBroker("eu-west-1");
            broker.mayInvoke(taskRoleMayCallBroker);
            broker.taskToken(TOKEN);
            env.put("SKYPORT_TASK_TOKEN", TOKEN);
            env.put("SKYPORT_RUN_BROKER_URL", broker.url().toString());
            env.put("AWS_REGION", "eu-west-1");
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", broker.credentialsUri().toString());
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", LocalRunBroker.AUTHORIZATION_TOKEN);
        }
        return env;
    }

    /** The run configuration Skyport builds in Java for a cluster of the provider. */
    private static Map<String, Object> runConfig(String provider, String region, String bucket, Run.Action action) {
        return runConfig(provider, region, bucket, action, Optional.empty());
    }

    /** The same, for a run that applies the saved plan of plan run {@code savedPlan}. */
    private static Map<String, Object> runConfig(String provider, String region, String bucket, Run.Action action,
                                                 Optional<String> savedPlan) {
        ClusterSpec spec = ClusterSpec.of(new ClusterSpec.Request("demo", region, null, Optional.of(
                        new ClusterSpec.Network("10.20.0.0/16", List.of(), List.of())),
                Optional.of(List.of(new ClusterSpec.NodeGroupRequest("system", switch (provider) {
                    case "aws" -> "m6i.large";
                    case "azure" -> "Standard_D4s_v5";
                    default -> "e2-standard-4";
                }, 1, 2, 3))), bucket, provider.equals("aws") ? "platform" : "",
                Optional.of(List.of("metrics-server")), Optional.of(Map.of("team", "core"))), provider,
                Catalogue.defaults());
        Cluster cluster = Cluster.requested(OWNER, "3d4c5b6a-7e8f-4a1b-9c2d-3e4f5a6b7c8d", "arn:secret", spec,
                Instant.now());
        Run run = action == Run.Action.PLAN
                ? Run.planning(cluster.id(), new RunPlan(Run.Action.DESTROY, cluster.version(), spec,
                        Safeguards.none(), List.of("destroy cluster demo"), Optional.empty()), OWNER.value(),
                        Instant.now(), false)
                : Run.requested(cluster.id(), action, OWNER.value(), Instant.now(), false);
        run = savedPlan.map(run::applying).orElse(run);
        return TerraformRunConfig.of(cluster.runBy(run), run, List.of(Ipv4Cidr.parse("52.18.7.9/32").orElseThrow()))
                .document();
    }

    /** The run protocol's identity of the run, as the workflow (or the Docker provisioner) passes it. */
    private static void runOf(Map<String, String> env, Map<String, Object> config) {
        env.put("SKYPORT_CLUSTER_ID", String.valueOf(config.get("cluster_id")));
        env.put("SKYPORT_RUN_ID", String.valueOf(config.get("run_id")));
        env.put("SKYPORT_ACTION", String.valueOf(config.get("action")));
    }

    /** In AWS: the broker's brief for the run, with the owner's credentials. */
    private Map<String, Object> briefed(Map<String, String> env, String provider, String region,
                                        Map<String, String> credentials) throws IOException {
        Map<String, Object> config = runConfig(provider, region, "acme-tf-state", Run.Action.APPLY);
        runOf(env, config);
        Map<String, Object> brief = new LinkedHashMap<>();
        brief.put("run_config", config);
        brief.put("environment", credentials);
        broker.answer(200, JSON.writeValueAsString(brief));
        return config;
    }

    private Map<String, Object> briefedAwsKeys(Map<String, String> env) throws IOException {
        return briefed(env, "aws", "eu-west-1", Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_REGION", "eu-west-1"));
    }

    /** Runs the script; answers its exit code and output, and what the fakes recorded. */
    private record Outcome(int exit, String output, String aws, String awsEnv, String terraform, String terraformEnv) {
    }

    private Outcome run(Map<String, String> env) throws Exception {
        return run(env, null);
    }

    private Outcome run(Map<String, String> env, String signalWhenSeen) throws Exception {
        return run(env, signalWhenSeen, new byte[0]);
    }

    /** The same, with {@code stdin} as the script's standard input. */
    private Outcome run(Map<String, String> env, String signalWhenSeen, byte[] stdin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        }
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        if (signalWhenSeen != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                synchronized (output) {
                    if (output.indexOf(signalWhenSeen) >= 0) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ended").isTrue();
        reader.join(5000);
        return new Outcome(process.exitValue(), output.toString(), read("aws.calls"), read("aws.env"),
                read("terraform.calls"), read("terraform.env"));
    }

    private String read(String name) throws IOException {
        Path file = fake.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static void noCredentialAnywhere(Outcome outcome, String... values) {
        for (String value : values) {
            assertThat(outcome.output()).as("output").doesNotContain(value);
            assertThat(outcome.aws()).as("aws arguments").doesNotContain(value);
            assertThat(outcome.terraform()).as("terraform arguments").doesNotContain(value);
        }
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(text.lines().toList());
    }

    @Test
    void an_apply_in_aws_is_briefed_by_the_broker_runs_terraform_as_the_customer_and_reports_the_outputs()
            throws Exception {
        Map<String, String> env = environment(true);
        Map<String, Object> config = briefedAwsKeys(env);

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output() + broker.refusals()).isZero();
        assertThat(broker.briefs()).as("one signed, allowed request to the broker").isEqualTo(1);
        assertThat(lines(outcome.terraform())).containsExactly(
                "init -input=false -no-color -backend-config=bucket=acme-tf-state"
                        + " -backend-config=key=platform/skyport/" + config.get("cluster_id") + "/terraform.tfstate"
                        + " -backend-config=region=eu-west-1 -backend-config=use_lockfile=true"
                        + " -backend-config=encrypt=true",
                "apply -input=false -no-color -auto-approve",
                "output -no-color -json");
        assertThat(outcome.terraformEnv()).as("terraform works with the customer's keys, never the task's role")
                .contains("apply aws=" + KEY_ID).doesNotContain("task role visible");
        assertThat(outcome.awsEnv()).as("Step Functions is told with the task's own role")
                .contains("stepfunctions send-task-success key=task-role")
                .contains("sts get-caller-identity key=" + KEY_ID);
        String success = lines(outcome.aws()).stream().filter(call -> call.startsWith("stepfunctions send-task-success"))
                .findFirst().orElseThrow();
        assertThat(success).startsWith("stepfunctions send-task-success --task-token " + TOKEN + " --task-output ");
        JsonNode outputs = JSON.readTree(success.substring(success.indexOf("--task-output ") + 14));
        assertThat(outputs.path("endpoint").asText()).isEqualTo("https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com");
        assertThat(outputs.path("resource_id").asText()).startsWith("arn:aws:eks:");
        assertThat(outputs.path("kubernetes_version").asText()).isEqualTo("1.33");
        assertThat(outputs.path("console_url").asText()).contains("console.aws.amazon.com");
        assertThat(outputs.path("certificate_authority_data").asText()).isEqualTo(CLUSTER_CA);
        assertThat(outputs.path("cluster_name").asText()).isEqualTo("skyport-demo");
        assertThat(outputs.path("location").asText()).isEqualTo("eu-west-1");
        assertThat(outputs.path("resource_group").asText()).as("not an output of the AWS stack").isEmpty();
        assertThat(outputs.path("project").asText()).isEmpty();
        assertThat(outputs.has("other")).as("only the protocol's outputs").isFalse();
        assertThat(WorkflowReports.outputs(JSON.convertValue(outputs, Map.class)))
                .as("the clusters function takes what the script reports").hasValueSatisfying(taken ->
                        assertThat(taken.certificateAuthorityData()).isEqualTo(CLUSTER_CA));
        JsonNode variables = JSON.readTree(fake.resolve("tfvars.json").toFile());
        assertThat(variables).as("the stack's variables are run_config's, as Java built them")
                .isEqualTo(JSON.valueToTree(config.get("variables")));
        assertThat(outcome.output()).contains("module.eks.aws_eks_cluster.this[0]: Still creating")
                .contains("debug: using **** as credentials");
        assertThat(Files.list(fake).map(Path::getFileName).map(Path::toString))
                .as("nothing of the brief is left on disk").noneMatch(name -> name.startsWith("skyport-run."));
        noCredentialAnywhere(outcome, SECRET, KEY_ID, LocalRunBroker.SECRET_KEY);
    }

    @Test
    void an_assumed_role_session_from_the_broker_reaches_terraform_with_its_session_token() throws Exception {
        Map<String, String> env = environment(true);
        briefed(env, "aws", "us-east-1", Map.of("AWS_ACCESS_KEY_ID", "ASIAASSUMEDKEY000001",
                "AWS_SECRET_ACCESS_KEY", "assumed-secret-assumed-secret",
                "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEassumedsessiontoken", "AWS_REGION", "us-east-1",
                "SKYPORT_TASK_TOKEN", "a variable the broker may not set"));

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(outcome.terraformEnv()).contains("apply aws=ASIAASSUMEDKEY000001").contains("session=yes")
                .doesNotContain("task role visible");
        assertThat(outcome.aws()).as("the task never assumes a role itself").doesNotContain("assume-role");
        noCredentialAnywhere(outcome, "assumed-secret-assumed-secret", "FwoGZXIvYXdzEassumedsessiontoken");
    }

    @Test
    void a_destroy_locally_with_an_azure_service_principal_uses_the_azurerm_backend_and_prints_the_result_line()
            throws Exception {
        Map<String, String> env = environment(false);
        Map<String, Object> config = runConfig("azure", "westeurope", "tfstateacme", Run.Action.DESTROY);
        runOf(env, config);
        env.put("SKYPORT_RUN_CONFIG", JSON.writeValueAsString(config));
        String clientSecret = "azure-client-secret-value-000000";
        env.put("ARM_TENANT_ID", "11111111-2222-3333-4444-555555555555");
        env.put("ARM_CLIENT_ID", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        env.put("ARM_CLIENT_SECRET", clientSecret);
        env.put("ARM_SUBSCRIPTION_ID", "99999999-8888-7777-6666-555555555555");

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(lines(outcome.terraform())).containsExactly(
                "init -input=false -no-color -backend-config=storage_account_name=tfstateacme"
                        + " -backend-config=container_name=tfstate -backend-config=key=skyport/"
                        + config.get("cluster_id") + "/terraform.tfstate -backend-config=use_azuread_auth=true",
                "destroy -input=false -no-color -auto-approve");
        assertThat(outcome.terraformEnv()).contains("destroy aws= arm=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assertThat(outcome.aws()).as("no AWS call without a task token").isEmpty();
        assertThat(lines(outcome.output()).getLast()).isEqualTo("SKYPORT_RESULT {\"outcome\":\"success\",\"outputs\":{}}");
        noCredentialAnywhere(outcome, clientSecret);
    }

    /** A plan changes nothing: no state lock, and its summary is what `terraform show -json` says, counted as Terraform. */
    @Test
    void a_plan_of_a_destroy_takes_no_lock_and_reports_what_terraform_would_do() throws Exception {
        Map<String, String> env = environment(false);
        Map<String, Object> config = runConfig("aws", "eu-west-1", "acme-tf-state", Run.Action.PLAN);
        assertThat(config).containsEntry("action", "plan").containsEntry("plan_of", "destroy");
        runOf(env, config);
        env.put("SKYPORT_RUN_CONFIG", JSON.writeValueAsString(config));
        env.put("AWS_ACCESS_KEY_ID", KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output()).isZero();
        List<String> calls = lines(outcome.terraform());
        assertThat(calls.get(1)).startsWith("plan -input=false -no-color -lock=false -out=").endsWith(" -destroy");
        assertThat(calls.get(2)).startsWith("show -no-color -json ");
        String result = lines(outcome.output()).getLast();
        assertThat(result).startsWith("SKYPORT_RESULT ");
        JsonNode plan = JSON.readTree(result.substring("SKYPORT_RESULT ".length())).path("outputs").path("plan");
        assertThat(plan.path("add").asInt()).isEqualTo(1);
        assertThat(plan.path("change").asInt()).isEqualTo(1);
        assertThat(plan.path("destroy").asInt()).isEqualTo(1);
        assertThat(plan.path("resources").findValuesAsText("action")).containsExactly("update", "replace");
        noCredentialAnywhere(outcome, SECRET);
        String planFile = lines(outcome.output()).get(lines(outcome.output()).size() - 2);
        assertThat(planFile).as("locally the plan file comes out as one line, for the platform to keep")
                .startsWith("SKYPORT_PLAN_FILE ");
        assertThat(Base64.getDecoder().decode(planFile.substring("SKYPORT_PLAN_FILE ".length())))
                .asString(StandardCharsets.UTF_8).isEqualTo("fake plan\n");

        cleanFakes();
        Files.createFile(fake.resolve("plan-fails"));
        Outcome failed = run(env);
        assertThat(failed.exit()).isEqualTo(16);
        assertThat(lines(failed.output()).getLast()).isEqualTo(
                "SKYPORT_RESULT {\"outcome\":\"failure\",\"error\":\"TerraformPlanFailed\"}");
    }

    @Test
    void a_gcp_run_uses_the_gcs_backend_and_never_prints_the_service_account_key() throws Exception {
        Map<String, String> env = environment(false);
        Map<String, Object> config = runConfig("gcp", "europe-west1", "acme-tf-state", Run.Action.APPLY);
        runOf(env, config);
        env.put("SKYPORT_RUN_CONFIG", JSON.writeValueAsString(config));
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        env.put("GOOGLE_CREDENTIALS", JSON.writeValueAsString(Map.of("type", "service_account",
                "project_id", "acme-prod", "client_email", "skyport@acme-prod.iam.gserviceaccount.com",
                "private_key", pem)));

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(lines(outcome.terraform()).getFirst()).isEqualTo("init -input=false -no-color"
                + " -backend-config=bucket=acme-tf-state -backend-config=prefix=skyport/" + config.get("cluster_id"));
        assertThat(outcome.terraformEnv()).contains("apply aws= arm= google=yes");
        String[] keyLines = pem.split("\n");
        noCredentialAnywhere(outcome, keyLines[1], keyLines[2], keyLines[keyLines.length - 2]);
        assertThat(outcome.output()).contains("****");
    }

    @Test
    void every_failure_is_reported_with_its_code_its_last_lines_and_an_exit_code_that_says_it() throws Exception {
        record Case(String file, String code, int exit) {
        }
        for (Case failure : List.of(new Case("backend-missing", "StateBackendUnavailable", 11),
                new Case("init-fails", "TerraformInitFailed", 12), new Case("apply-fails", "TerraformApplyFailed", 13))) {
            Map<String, String> env = environment(true);
            briefedAwsKeys(env);
            Files.writeString(fake.resolve(failure.file()), "");

            Outcome outcome = run(env);

            assertThat(outcome.exit()).as(failure.code() + ": " + outcome.output()).isEqualTo(failure.exit());
            // The cause spans lines: the report is everything from the call on.
            String report = outcome.aws().substring(outcome.aws().indexOf("stepfunctions send-task-failure"));
            assertThat(report).startsWith("stepfunctions send-task-failure --task-token " + TOKEN + " --error "
                    + failure.code() + " --cause ");
            assertThat(report).as("the cause carries Terraform's last lines").contains("Error:");
            noCredentialAnywhere(outcome, SECRET, KEY_ID);
            cleanFakes();
        }

        Map<String, String> destroy = environment(false);
        Map<String, Object> config = runConfig("aws", "eu-west-1", "acme-tf-state", Run.Action.DESTROY);
        runOf(destroy, config);
        destroy.put("SKYPORT_RUN_CONFIG", JSON.writeValueAsString(config));
        destroy.put("AWS_ACCESS_KEY_ID", KEY_ID);
        destroy.put("AWS_SECRET_ACCESS_KEY", SECRET);
        Files.writeString(fake.resolve("destroy-fails"), "");
        Outcome destroyFailed = run(destroy);
        assertThat(destroyFailed.exit()).isEqualTo(14);
        assertThat(lines(destroyFailed.output()).getLast())
                .isEqualTo("SKYPORT_RESULT {\"outcome\":\"failure\",\"error\":\"TerraformDestroyFailed\"}");
        cleanFakes();

        Map<String, String> rejected = environment(false);
        Map<String, Object> apply = runConfig("aws", "eu-west-1", "acme-tf-state", Run.Action.APPLY);
        runOf(rejected, apply);
        rejected.put("SKYPORT_RUN_CONFIG", JSON.writeValueAsString(apply));
        rejected.put("AWS_ACCESS_KEY_ID", KEY_ID);
        rejected.put("AWS_SECRET_ACCESS_KEY", "rejected-secret-rejected-secret");
        Outcome refused = run(rejected);
        assertThat(refused.exit()).isEqualTo(10);
        assertThat(refused.output()).contains("InvalidClientTokenId").contains("CredentialsRejected");
        assertThat(refused.terraform()).as("no Terraform with refused credentials").isEmpty();
        noCredentialAnywhere(refused, "rejected-secret-rejected-secret");
    }

    @Test
    void a_run_the_broker_refuses_or_no_longer_current_stops_before_terraform() throws Exception {
        Map<String, String> env = environment(true);
        briefedAwsKeys(env);
        broker.answer(403, "{\"type\":\"https://skyport.dev/problems/not-a-run-task\",\"status\":403,"
                + "\"detail\":\"only a running provisioning task is briefed\"}");
        Outcome refused = run(env);
        assertThat(refused.exit()).isEqualTo(10);
        assertThat(refused.output()).contains("only a running provisioning task is briefed");
        assertThat(refused.aws()).contains("--error CredentialsRejected");
        assertThat(refused.terraform()).isEmpty();
        cleanFakes();

        broker.answer(409, "{\"type\":\"https://skyport.dev/problems/run-superseded\",\"status\":409}");
        Outcome stale = run(env);
        assertThat(stale.exit()).isEqualTo(15);
        assertThat(stale.aws()).contains("--error Cancelled");
        assertThat(stale.terraform()).isEmpty();
        cleanFakes();

        // A brief for another run (a broker answering the wrong task) is not taken.
        Map<String, Object> other = runConfig("aws", "eu-west-1", "acme-tf-state", Run.Action.APPLY);
        broker.answer(200, JSON.writeValueAsString(Map.of("run_config", other, "environment",
                Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET))));
        Outcome mixedUp = run(env);
        assertThat(mixedUp.exit()).isEqualTo(2);
        assertThat(mixedUp.terraform()).isEmpty();
    }

    @Test
    void sigterm_stops_terraform_gracefully_and_reports_cancelled() throws Exception {
        Map<String, String> env = environment(true);
        briefedAwsKeys(env);
        Files.writeString(fake.resolve("slow"), "");

        Outcome outcome = run(env, "waiting");

        assertThat(outcome.exit()).as(outcome.output()).isEqualTo(15);
        assertThat(outcome.output()).contains("Cancel received").contains("Interrupt received.")
                .contains("Gracefully shutting down...");
        assertThat(outcome.aws()).contains("stepfunctions send-task-failure --task-token " + TOKEN
                + " --error Cancelled");
        assertThat(outcome.terraform()).doesNotContain("output");
    }

    @Test
    void the_run_sends_heartbeats_and_stops_as_cancelled_when_one_is_refused() throws Exception {
        Map<String, String> env = environment(true);
        env.put("SKYPORT_HEARTBEAT_SECONDS", "1");
        briefedAwsKeys(env);
        Files.writeString(fake.resolve("slow"), "");
        Thread refuseLater = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(2500);
                Files.writeString(fake.resolve("refuse-heartbeat"), "");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Outcome outcome = run(env);
        refuseLater.join();

        assertThat(outcome.aws().lines().filter(call -> call.startsWith("stepfunctions send-task-heartbeat --task-token "
                + TOKEN)).count()).as("heartbeats before the refusal").isGreaterThanOrEqualTo(2);
        assertThat(outcome.exit()).as(outcome.output()).isEqualTo(15);
        assertThat(outcome.output()).contains("Interrupt received.");
    }

    @Test
    void the_entry_script_passes_shellcheck() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/shellcheck")),
                "shellcheck is not installed (apt-get install shellcheck; .ci/run does)");
        Process check = new ProcessBuilder("shellcheck", "--severity=info", SCRIPT.toString())
                .redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(report).isZero();
    }

    /**
     * A role session lasts an hour (the broker's own session assumes the role), a run up to two: Terraform reads the
     * session through a profile's credential_process, and the script renews it with the broker while Terraform runs.
     */
    @Test
    void a_role_session_is_renewed_through_the_broker_while_terraform_runs() throws Exception {
        Map<String, String> env = environment(true);
        env.put("SKYPORT_SESSION_RENEW_SECONDS", "1");
        briefed(env, "aws", "eu-west-1", Map.of("AWS_ACCESS_KEY_ID", "ASIAASSUMEDKEY000001",
                "AWS_SECRET_ACCESS_KEY", "assumed-secret-assumed-secret",
                "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEassumedsessiontoken", "AWS_REGION", "eu-west-1",
                "AWS_CREDENTIAL_EXPIRATION", Instant.now().plusSeconds(3600).toString()));
        Files.createFile(fake.resolve("watch-session"));

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output() + broker.refusals()).isZero();
        assertThat(broker.renewals()).as("renewed while Terraform ran").isPositive();
        List<String> keys = Files.readAllLines(fake.resolve("keys-seen"));
        assertThat(keys.getFirst()).as("the session of the brief first").isEqualTo("ASIAASSUMEDKEY000001");
        assertThat(keys.getLast()).as("then a renewed one, in the middle of the apply").startsWith("ASIARENEWED");
        assertThat(outcome.terraformEnv()).contains("init aws=ASIAASSUMEDKEY000001").contains("session=yes")
                .doesNotContain("task role visible");
        assertThat(outcome.awsEnv()).as("the AWS CLI reads the same profile")
                .contains("sts get-caller-identity key=ASIAASSUMEDKEY000001");
        assertThat(outcome.output()).doesNotContain("Could not renew");
        noCredentialAnywhere(outcome, "assumed-secret-assumed-secret", "FwoGZXIvYXdzEassumedsessiontoken",
                LocalRunBroker.RENEWED_SECRET, "renewed-session-token-");
        assertThat(Files.list(fake).map(Path::getFileName).map(Path::toString))
                .as("no session is left on disk").noneMatch(name -> name.startsWith("skyport-run."));
    }

    /** In AWS, a plan run puts its plan file where the broker says, through the URL only, never in its output. */
    @Test
    void a_plan_in_aws_keeps_its_plan_file_through_the_url_the_broker_signs_for_it() throws Exception {
        Map<String, String> env = environment(true);
        Map<String, Object> config = runConfig("aws", "eu-west-1", "acme-tf-state", Run.Action.PLAN);
        runOf(env, config);
        broker.answer(200, JSON.writeValueAsString(Map.of("run_config", config, "environment", Map.of(
                "AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET))));

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output() + broker.refusals()).isZero();
        assertThat(broker.briefs()).as("the brief, then where to put the plan file, each signed").isEqualTo(2);
        assertThat(broker.uploadedPlan()).as("the file terraform plan -out wrote").hasValueSatisfying(file ->
                assertThat(file).asString(StandardCharsets.UTF_8).isEqualTo("fake plan\n"));
        assertThat(outcome.output()).contains("Plan file kept").doesNotContain("SKYPORT_PLAN_FILE")
                .doesNotContain("put-signature");
        assertThat(outcome.aws()).contains("stepfunctions send-task-success");
        noCredentialAnywhere(outcome, SECRET, KEY_ID, LocalRunBroker.SECRET_KEY);
    }

    /**
     * A run asked for with plan_id applies the saved plan file itself (no -auto-approve, no fresh plan), read through
     * the brief's URL; Terraform refuses a file whose state has changed, and the run says so with its own code.
     */
    @Test
    void an_update_in_aws_applies_the_saved_plan_and_a_stale_plan_changes_nothing() throws Exception {
        Map<String, String> env = environment(true);
        String planRun = "0193a4b2-7c1d-7e2f-8a3b-4c5d6e7f8091";
        Map<String, Object> config = runConfig("aws", "eu-west-1", "acme-tf-state", Run.Action.UPDATE,
                Optional.of(planRun));
        assertThat(config).containsEntry("saved_plan", planRun);
        runOf(env, config);
        Map<String, Object> brief = new LinkedHashMap<>();
        brief.put("run_config", config);
        brief.put("environment", Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET));
        brief.put("saved_plan_url", broker.savedPlan("the plan as shown\n".getBytes(StandardCharsets.UTF_8))
                .toString());
        broker.answer(200, JSON.writeValueAsString(brief));

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output() + broker.refusals()).isZero();
        List<String> calls = lines(outcome.terraform());
        assertThat(calls).hasSize(3);
        assertThat(calls.get(1)).as("the plan file, as it was made").startsWith("apply -input=false -no-color ")
                .endsWith("/saved.tfplan").doesNotContain("-auto-approve");
        assertThat(fake.resolve("applied-plan")).hasContent("the plan as shown");
        assertThat(outcome.aws()).contains("stepfunctions send-task-success");
        assertThat(outcome.output()).contains("Applying the saved plan of run " + planRun)
                .doesNotContain("get-signature");

        cleanFakes();
        Files.createFile(fake.resolve("plan-stale"));
        Outcome stale = run(env);
        assertThat(stale.exit()).as(stale.output()).isEqualTo(17);
        assertThat(stale.aws()).contains("send-task-failure --task-token " + TOKEN + " --error SavedPlanStale");
        assertThat(stale.output()).contains("Saved plan is stale").contains("nothing was applied: plan again");
    }

    /** A saved plan that cannot be read (gone, or a URL S3 refuses) fails the run before Terraform changes anything. */
    @Test
    void a_saved_plan_that_cannot_be_read_fails_the_run_before_terraform_applies_anything() throws Exception {
        Map<String, String> env = environment(true);
        Map<String, Object> config = runConfig("aws", "eu-west-1", "acme-tf-state", Run.Action.DESTROY,
                Optional.of("0193a4b2-7c1d-7e2f-8a3b-4c5d6e7f8091"));
        runOf(env, config);
        String url = broker.savedPlan("plan".getBytes(StandardCharsets.UTF_8)).toString();
        broker.answer(200, JSON.writeValueAsString(Map.of("run_config", config, "environment", Map.of(
                "AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET),
                "saved_plan_url", url.replace("get-signature", "forged-signature"))));

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output()).isEqualTo(18);
        assertThat(lines(outcome.terraform())).as("init only: nothing applied or destroyed").hasSize(1);
        assertThat(outcome.aws()).contains("--error SavedPlanUnavailable");
    }

    /** Locally the platform hands the saved plan on stdin (base64), as it took it from the plan run's output. */
    @Test
    void a_destroy_locally_applies_the_saved_plan_given_on_stdin() throws Exception {
        Map<String, String> env = environment(false);
        Map<String, Object> config = runConfig("aws", "eu-west-1", "acme-tf-state", Run.Action.DESTROY,
                Optional.of("0193a4b2-7c1d-7e2f-8a3b-4c5d6e7f8091"));
        runOf(env, config);
        env.put("SKYPORT_RUN_CONFIG", JSON.writeValueAsString(config));
        env.put("AWS_ACCESS_KEY_ID", KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);

        Outcome outcome = run(env, null, Base64.getEncoder().encode("the destroy as shown\n"
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(lines(outcome.terraform()).get(1)).startsWith("apply -input=false -no-color ")
                .endsWith("/saved.tfplan");
        assertThat(fake.resolve("applied-plan")).hasContent("the destroy as shown");
        assertThat(lines(outcome.output()).getLast())
                .isEqualTo("SKYPORT_RESULT {\"outcome\":\"success\",\"outputs\":{}}");

        cleanFakes();
        Outcome missing = run(env);
        assertThat(missing.exit()).as("no saved plan on stdin").isEqualTo(18);
        assertThat(lines(missing.terraform())).hasSize(1);
    }

    private void cleanFakes() throws IOException {
        for (String name : List.of("aws.calls", "aws.env", "terraform.calls", "terraform.env", "backend-missing",
                "init-fails", "apply-fails", "destroy-fails", "slow", "refuse-heartbeat", "plan-stale",
                "applied-plan", "watch-session", "keys-seen")) {
            Files.deleteIfExists(fake.resolve(name));
        }
    }
}
