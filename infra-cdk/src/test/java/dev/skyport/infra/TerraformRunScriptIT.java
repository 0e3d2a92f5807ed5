package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Terraform image's entry script ({@code terraform-image/skyport-run.sh}), run by bash with a fake
 * {@code terraform} and {@code aws} first on the PATH (they record their arguments and the credentials they saw,
 * and answer as the real tools do): apply and destroy, each kind of credentials, the backend of each provider, the
 * heartbeat, the success output, every failure code, SIGTERM, and no credential value in any argument, output line
 * or failure cause.
 */
class TerraformRunScriptIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("terraform-image/skyport-run.sh").toAbsolutePath();
    private static final Path TERRAFORM_TREE = Path.of("terraform-image/terraform").toAbsolutePath();
    private static final String CLUSTER = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String RUN = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    private static final String OWNER = "5f1c0d2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5";
    private static final String KEY_ID = "AKIACUSTOMERKEY00001";
    private static final String SECRET = "customer-secret-access-key-0123456789";
    private static final String TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAfaketasktoken";

    @TempDir
    Path fake;
    private Path bin;

    @BeforeAll
    static void tools() {
        for (String tool : List.of("bash", "jq", "mkfifo")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/bin", tool)),
                    "the entry script's tests need " + tool + " on this machine; skipped without it");
        }
    }

    /** The fake tools on a fresh PATH, and the files they answer from. */
    private Map<String, String> environment(boolean inAws) throws IOException {
        bin = fake.resolve("bin");
        Files.createDirectories(bin);
        for (String tool : List.of("aws", "terraform")) {
            try (InputStream in = getClass().getResourceAsStream("/fake-tools/" + tool)) {
                Path target = bin.resolve(tool);
                Files.write(target, in.readAllBytes());
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            }
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("HOME", fake.toString());
        env.put("TMPDIR", fake.toString());
        env.put("FAKE_DIR", fake.toString());
        env.put("SKYPORT_TERRAFORM", TERRAFORM_TREE.toString());
        env.put("SKYPORT_CLUSTER_ID", CLUSTER);
        env.put("SKYPORT_RUN_ID", RUN);
        env.put("SKYPORT_OWNER_ID", OWNER);
        env.put("SKYPORT_ACTION", "apply");
        if (inAws) {
            env.put("SKYPORT_TASK_TOKEN", TOKEN);
            env.put("SKYPORT_CLUSTERS_TABLE", "skyport-clusters");
            env.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-role");
        }
        return env;
    }

    /** The cluster item as DynamoDB answers GetItem, and the secret of its cloud account. */
    private void storedCluster(String provider, String region, String secretJson, String owner, String currentRun)
            throws IOException {
        String item = """
                {"Item":{"pk":{"S":"USER#%3$s"},"sk":{"S":"CLUSTER#%4$s"},"name":{"S":"demo"},"provider":{"S":"%1$s"},
                 "region":{"S":"%2$s"},"kubernetesVersion":{"S":"1.33"},
                 "network":{"M":{"vpcCidr":{"S":"10.20.0.0/16"},"publicSubnets":{"L":[]},"privateSubnets":{"L":[]}}},
                 "nodeGroups":{"L":[{"M":{"name":{"S":"system"},"instanceType":{"S":"m6i.large"},"minSize":{"N":"1"},
                   "desiredSize":{"N":"2"},"maxSize":{"N":"3"}}}]},
                 "stateBucket":{"S":"acme-tf-state"},"statePrefix":{"S":"platform/"},
                 "addons":{"L":[{"M":{"name":{"S":"metrics-server"},"chartVersion":{"S":"3.12.2"}}}]},
                 "tags":{"M":{"team":{"S":"core"}}},"externalId":{"S":"skyport-ext-123"},
                 "secretRef":{"S":"arn:aws:secretsmanager:us-east-1:1:secret:skyport/cloud-accounts/%3$s/a-Ab12"},
                 "currentRun":{"S":"%5$s"},"status":{"S":"PROVISIONING"},"version":{"N":"2"}}}"""
                .formatted(provider, region, OWNER, CLUSTER, currentRun);
        Files.writeString(fake.resolve("item.json"), item);
        Files.writeString(fake.resolve("describe.json"), """
                {"Name":"skyport/cloud-accounts/x","Tags":[{"Key":"skyport:provider","Value":"%s"},
                 {"Key":"skyport:owner","Value":"%s"}]}""".formatted(provider, owner));
        Files.writeString(fake.resolve("secret.txt"), secretJson + "\n");
    }

    private void storedAwsKeysCluster() throws IOException {
        storedCluster("aws", "eu-west-1", JSON.writeValueAsString(Map.of("access_key_id", KEY_ID,
                "secret_access_key", SECRET)), OWNER, RUN);
    }

    /** Runs the script; answers its exit code and output, and what the fakes recorded. */
    private record Outcome(int exit, String output, String aws, String awsEnv, String terraform, String terraformEnv) {

        String everything() {
            return String.join("\n", output, aws, terraform, terraformEnv);
        }
    }

    private Outcome run(Map<String, String> env) throws Exception {
        return run(env, null);
    }

    private Outcome run(Map<String, String> env, String signalWhenSeen) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
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
    void an_apply_in_aws_reads_the_cluster_and_its_secret_runs_terraform_as_the_customer_and_reports_the_outputs()
            throws Exception {
        Map<String, String> env = environment(true);
        storedAwsKeysCluster();

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(lines(outcome.terraform())).containsExactly(
                "init -input=false -no-color -backend-config=bucket=acme-tf-state"
                        + " -backend-config=key=platform/skyport/" + CLUSTER + "/terraform.tfstate"
                        + " -backend-config=region=eu-west-1 -backend-config=use_lockfile=true",
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
        assertThat(outputs.has("other")).as("only the protocol's four outputs").isFalse();
        JsonNode variables = JSON.readTree(fake.resolve("tfvars.json").toFile());
        assertThat(variables.path("cluster_id").asText()).isEqualTo(CLUSTER);
        assertThat(variables.path("node_groups").get(0).path("desired_size").asInt()).isEqualTo(2);
        assertThat(variables.path("addons").get(0).asText()).isEqualTo("metrics-server");
        assertThat(outcome.output()).contains("module.eks.aws_eks_cluster.this[0]: Still creating")
                .contains("debug: using **** as credentials");
        noCredentialAnywhere(outcome, SECRET, KEY_ID);
    }

    @Test
    void a_destroy_locally_with_an_azure_service_principal_uses_the_azurerm_backend_and_prints_the_result_line()
            throws Exception {
        Map<String, String> env = environment(false);
        env.put("SKYPORT_ACTION", "destroy");
        env.put("SKYPORT_CLUSTER_JSON", localCluster("azure", "westeurope", "tfstateacme"));
        String clientSecret = "azure-client-secret-value-000000";
        env.put("ARM_TENANT_ID", "11111111-2222-3333-4444-555555555555");
        env.put("ARM_CLIENT_ID", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        env.put("ARM_CLIENT_SECRET", clientSecret);
        env.put("ARM_SUBSCRIPTION_ID", "99999999-8888-7777-6666-555555555555");

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(lines(outcome.terraform())).containsExactly(
                "init -input=false -no-color -backend-config=storage_account_name=tfstateacme"
                        + " -backend-config=container_name=tfstate -backend-config=key=skyport/" + CLUSTER
                        + "/terraform.tfstate -backend-config=use_azuread_auth=true",
                "destroy -input=false -no-color -auto-approve");
        assertThat(outcome.terraformEnv()).contains("destroy aws= arm=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assertThat(outcome.aws()).as("no AWS call without a task token").isEmpty();
        assertThat(lines(outcome.output()).getLast()).isEqualTo("SKYPORT_RESULT {\"outcome\":\"success\",\"outputs\":{}}");
        noCredentialAnywhere(outcome, clientSecret);
    }

    @Test
    void a_gcp_run_uses_the_gcs_backend_and_never_prints_the_service_account_key() throws Exception {
        Map<String, String> env = environment(false);
        env.put("SKYPORT_CLUSTER_JSON", localCluster("gcp", "europe-west1", "acme-tf-state"));
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
                + " -backend-config=bucket=acme-tf-state -backend-config=prefix=skyport/" + CLUSTER);
        assertThat(outcome.terraformEnv()).contains("apply aws= arm= google=yes");
        String[] keyLines = pem.split("\n");
        noCredentialAnywhere(outcome, keyLines[1], keyLines[2], keyLines[keyLines.length - 2]);
        assertThat(outcome.output()).contains("****");
    }

    @Test
    void a_role_account_is_assumed_with_the_task_role_and_the_customers_external_id() throws Exception {
        Map<String, String> env = environment(true);
        storedCluster("aws", "us-east-1", "{\"role_arn\":\"arn:aws:iam::210987654321:role/skyport\"}", OWNER, RUN);

        Outcome outcome = run(env);

        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(outcome.aws()).contains("sts assume-role --role-arn arn:aws:iam::210987654321:role/skyport"
                + " --external-id skyport-ext-123 --role-session-name skyport-" + RUN.substring(0, 32));
        assertThat(outcome.awsEnv()).contains("sts assume-role key=task-role");
        assertThat(outcome.terraformEnv()).contains("apply aws=ASIAASSUMEDKEY000001").contains("session=yes");
        noCredentialAnywhere(outcome, "assumed-secret-assumed-secret", "FwoGZXIvYXdzEassumedsessiontoken");
    }

    @Test
    void every_failure_is_reported_with_its_code_its_last_lines_and_an_exit_code_that_says_it() throws Exception {
        record Case(String file, String code, int exit) {
        }
        for (Case failure : List.of(new Case("backend-missing", "StateBackendUnavailable", 11),
                new Case("init-fails", "TerraformInitFailed", 12), new Case("apply-fails", "TerraformApplyFailed", 13))) {
            Map<String, String> env = environment(true);
            storedAwsKeysCluster();
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
        destroy.put("SKYPORT_ACTION", "destroy");
        destroy.put("SKYPORT_CLUSTER_JSON", localCluster("aws", "eu-west-1", "acme-tf-state"));
        destroy.put("AWS_ACCESS_KEY_ID", KEY_ID);
        destroy.put("AWS_SECRET_ACCESS_KEY", SECRET);
        Files.writeString(fake.resolve("destroy-fails"), "");
        Outcome destroyFailed = run(destroy);
        assertThat(destroyFailed.exit()).isEqualTo(14);
        assertThat(lines(destroyFailed.output()).getLast())
                .isEqualTo("SKYPORT_RESULT {\"outcome\":\"failure\",\"error\":\"TerraformDestroyFailed\"}");
        cleanFakes();

        Map<String, String> rejected = environment(false);
        rejected.put("SKYPORT_CLUSTER_JSON", localCluster("aws", "eu-west-1", "acme-tf-state"));
        rejected.put("AWS_ACCESS_KEY_ID", KEY_ID);
        rejected.put("AWS_SECRET_ACCESS_KEY", "rejected-secret-rejected-secret");
        Outcome refused = run(rejected);
        assertThat(refused.exit()).isEqualTo(10);
        assertThat(refused.output()).contains("InvalidClientTokenId").contains("CredentialsRejected");
        assertThat(refused.terraform()).as("no Terraform with refused credentials").isEmpty();
        noCredentialAnywhere(refused, "rejected-secret-rejected-secret");
    }

    @Test
    void another_owners_secret_is_never_read_and_a_replaced_run_does_nothing() throws Exception {
        Map<String, String> env = environment(true);
        storedCluster("aws", "eu-west-1", "{\"access_key_id\":\"" + KEY_ID + "\",\"secret_access_key\":\"" + SECRET
                + "\"}", "someone-else", RUN);
        Outcome stolen = run(env);
        assertThat(stolen.exit()).isEqualTo(10);
        assertThat(stolen.aws()).contains("--error CredentialsRejected").doesNotContain("get-secret-value");
        assertThat(stolen.terraform()).isEmpty();
        cleanFakes();

        env = environment(true);
        storedCluster("aws", "eu-west-1", "{}", OWNER, "0193ffff-0000-7000-8000-000000000000");
        Outcome stale = run(env);
        assertThat(stale.exit()).isEqualTo(15);
        assertThat(stale.aws()).doesNotContain("secretsmanager");
        assertThat(stale.terraform()).isEmpty();
    }

    @Test
    void sigterm_stops_terraform_gracefully_and_reports_cancelled() throws Exception {
        Map<String, String> env = environment(true);
        storedAwsKeysCluster();
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
        storedAwsKeysCluster();
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

    private void cleanFakes() throws IOException {
        for (String name : List.of("aws.calls", "aws.env", "terraform.calls", "terraform.env", "backend-missing",
                "init-fails", "apply-fails", "destroy-fails", "slow", "refuse-heartbeat")) {
            Files.deleteIfExists(fake.resolve(name));
        }
    }

    /** The cluster's configuration as the local platform's docker provisioner passes it (SKYPORT_CLUSTER_JSON). */
    private static String localCluster(String provider, String region, String bucket) throws IOException {
        Map<String, Object> cluster = new java.util.LinkedHashMap<>(Map.of("name", "demo", "provider", provider,
                "region", region, "kubernetes_version", "1.33", "vpc_cidr", "10.20.0.0/16"));
        cluster.put("public_subnet_cidrs", List.of());
        cluster.put("private_subnet_cidrs", List.of());
        cluster.put("node_groups", List.of(Map.of("name", "system", "instance_type", "Standard_D4s_v5",
                "min_size", 1, "desired_size", 2, "max_size", 3)));
        cluster.put("state_bucket", bucket);
        cluster.put("state_key", "skyport/" + CLUSTER + "/terraform.tfstate");
        cluster.put("addons", List.of());
        cluster.put("tags", Map.of());
        return JSON.writeValueAsString(cluster);
    }
}
