package dev.skyport.local.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.local.LocalPlatform;
import dev.skyport.local.LocalSettings;
import dev.skyport.local.TourSteps;
import dev.skyport.simulated.LocalAwsServer;
import dev.skyport.testing.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --provisioner docker} against a fake {@code docker} that records how it was called and answers as the
 * Terraform image does (output lines, then the SKYPORT_RESULT line): the command carries no secret, the image gets
 * the run protocol's environment and the cloud account's credentials in an owner-only env file that is gone after
 * the run, its lines become the run's log, its result moves the cluster. Without a Docker engine the platform
 * refuses to start in that mode and says why.
 */
class DockerProvisionerIT {

    private static final String FAKE_DOCKER = """
            #!/bin/sh
            dir=$(dirname "$0")
            printf '%s\\n' "$*" >> "$dir/calls.log"
            case "$1" in
              version) echo "27.3.1"; exit 0 ;;
              stop) exit 0 ;;
              run)
                shift
                while [ $# -gt 0 ]; do
                  case "$1" in
                    --env-file) envfile="$2"; shift 2 ;;
                    --name) name="$2"; shift 2 ;;
                    --rm) shift ;;
                    *) image="$1"; shift ;;
                  esac
                done
                cp "$envfile" "$dir/env-$name"
                stat -c %a "$envfile" > "$dir/mode-$name"
                action=$(grep '^SKYPORT_ACTION=' "$envfile" | cut -d= -f2)
                cat > "$dir/stdin-$name"
                echo "Initializing the backend..."
                if [ "$action" = plan ]; then
                  echo "Plan: 0 to add, 1 to change, 0 to destroy."
                  echo "SKYPORT_PLAN_FILE $(printf 'plan file of %s' "$name" | base64 -w0)"
                  echo 'SKYPORT_RESULT {"outcome":"success","outputs":{"plan":{"add":0,"change":1,"destroy":0,"resources":[{"address":"module.eks.aws_eks_node_group.system","action":"update"}]}}}'
                  exit 0
                fi
                if grep -q 'fail-me' "$envfile"; then
                  echo "Error: creating EKS Cluster: AccessDenied"
                  echo 'SKYPORT_RESULT {"outcome":"failure","error":"TerraformApplyFailed"}'
                  exit 3
                fi
                echo "$action complete! (image $image)"
                if grep -q 'odd-outputs' "$envfile"; then
                  echo 'SKYPORT_RESULT {"outcome":"success","outputs":{"endpoint":"https://fake.eks.example","certificate_authority_data":"bm90IGEgY2VydGlmaWNhdGU="}}'
                  exit 0
                fi
                echo 'SKYPORT_RESULT {"outcome":"success","outputs":{"endpoint":"https://fake.eks.example","resource_id":"arn:aws:eks:eu-west-1:1:cluster/x","kubernetes_version":"1.33","console_url":"https://console.example"}}'
                exit 0 ;;
            esac
            exit 1
            """;

    @TempDir
    Path bin;

    private Path fakeDocker() throws Exception {
        Path docker = bin.resolve("docker");
        Files.writeString(docker, FAKE_DOCKER);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        return docker;
    }

    private LocalPlatform start(Path docker) {
        return LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(), Optional.empty(),
                Map.of(LocalSettings.PROVISIONER, "docker", LocalSettings.DOCKER_COMMAND, docker.toString())));
    }

    @Test
    void a_cluster_is_made_and_removed_by_docker_runs_of_the_terraform_image_with_no_secret_on_the_command_line()
            throws Exception {
        Path docker = fakeDocker();
        try (LocalPlatform platform = start(docker)) {
            ApiClient api = new ApiClient(platform::baseUrl);
            String bearer = TourSteps.signedIn(api, "docker@example.com", "docker-user");
            String account = TourSteps.connectSimulated(api, bearer, "aws", "Real");
            JsonNode samples = api.get("/local/simulated-cloud").json().path("aws").path("passes");
            String secret = samples.path("secret_access_key").asText();

            String id = TourSteps.createCluster(api, bearer, account, "real-one", "{}").path("id").asText();
            TourSteps.awaitStatus(api, bearer, id, "RUNNING");
            JsonNode cluster = api.get("/clusters/" + id, "Authorization", bearer).json();
            assertThat(cluster.path("outputs").path("endpoint").asText()).isEqualTo("https://fake.eks.example");
            assertThat(cluster.path("current_run").path("simulated").asBoolean()).isFalse();
            String run = cluster.path("current_run_id").asText();
            assertThat(api.get("/clusters/" + id + "/runs/" + run + "/logs", "Authorization", bearer).json()
                    .path("lines").findValuesAsText("line"))
                    .containsExactly("Preflight: the credentials may do what this run does, and bucket acme-tf-state"
                            + " is fit for its state.", "Initializing the backend...",
                            "apply complete! (image skyport-terraform:local)");

            List<String> calls = Files.readAllLines(bin.resolve("calls.log"));
            String runCall = calls.stream().filter(call -> call.startsWith("run ")).findFirst().orElseThrow();
            assertThat(runCall).matches("run --rm -i --name skyport-run-" + run
                    + " --env-file \\S+ skyport-terraform:local");
            assertThat(String.join("\n", calls)).doesNotContain(secret).doesNotContain(LocalAwsServer.GOOD_KEY);
            Path envFile = Path.of(runCall.split(" ")[5]);
            assertThat(envFile).as("the env file is deleted after the run").doesNotExist();
            assertThat(Files.readString(bin.resolve("mode-skyport-run-" + run)).strip()).isEqualTo("600");
            assertThat(Files.readAllLines(bin.resolve("env-skyport-run-" + run))).contains(
                    "SKYPORT_CLUSTER_ID=" + id, "SKYPORT_RUN_ID=" + run, "SKYPORT_ACTION=apply",
                    "AWS_ACCESS_KEY_ID=" + LocalAwsServer.GOOD_KEY, "AWS_SECRET_ACCESS_KEY=" + secret,
                    "AWS_REGION=eu-west-1")
                    .anySatisfy(line -> assertThat(line).startsWith("SKYPORT_RUN_CONFIG={").contains(
                            "\"key\":\"skyport/" + id + "/terraform.tfstate\"").contains("\"encrypt\":\"true\""));

            // A plan's file is kept (not logged) and handed, on stdin, to the run that applies the plan.
            ApiClient.Reply planned = api.post("/clusters/" + id + "/plan",
                    "{\"node_groups\":{\"default\":{\"desired_size\":3}}}", "Authorization", bearer);
            assertThat(planned.status()).as(planned.body()).isEqualTo(202);
            String plan = planned.json().path("id").asText();
            JsonNode planRun = null;
            for (int i = 0; i < 200 && (planRun == null || !planRun.path("status").asText().equals("SUCCEEDED")); i++) {
                Thread.sleep(50);
                planRun = api.get("/clusters/" + id + "/runs/" + plan, "Authorization", bearer).json();
            }
            assertThat(planRun.path("status").asText()).as(planRun.toString()).isEqualTo("SUCCEEDED");
            assertThat(api.get("/clusters/" + id + "/runs/" + plan + "/logs", "Authorization", bearer).json()
                    .path("lines").findValuesAsText("line")).contains("Plan: 0 to add, 1 to change, 0 to destroy.")
                    .noneMatch(line -> line.contains("SKYPORT_PLAN_FILE"));
            String version = api.get("/clusters/" + id, "Authorization", bearer).json().path("version").asText();
            ApiClient.Reply applied = api.patch("/clusters/" + id, "{\"plan_id\":\"" + plan + "\"}",
                    "Authorization", bearer, "If-Match", "\"" + version + "\"");
            assertThat(applied.status()).as(applied.body()).isEqualTo(202);
            String update = applied.json().path("current_run_id").asText();
            TourSteps.awaitStatus(api, bearer, id, "RUNNING");
            assertThat(new String(java.util.Base64.getDecoder().decode(Files.readString(
                    bin.resolve("stdin-skyport-run-" + update)).strip()))).isEqualTo("plan file of skyport-run-" + plan);
            assertThat(Files.readString(bin.resolve("stdin-skyport-run-" + run))).as("a run without a saved plan"
                    + " reads nothing").isEmpty();

            assertThat(api.delete("/clusters/" + id, null, "Authorization", bearer).status()).isEqualTo(202);
            TourSteps.awaitStatus(api, bearer, id, "DELETED");
            String destroy = api.get("/clusters/" + id, "Authorization", bearer).json().path("current_run_id")
                    .asText();
            assertThat(Files.readAllLines(bin.resolve("env-skyport-run-" + destroy))).contains("SKYPORT_ACTION=destroy");

            String failing = TourSteps.createCluster(api, bearer, account, "fail-me", "{}").path("id").asText();
            TourSteps.awaitStatus(api, bearer, failing, "FAILED");
            assertThat(api.get("/clusters/" + failing, "Authorization", bearer).json().path("reason").asText())
                    .isEqualTo("TerraformApplyFailed");

            // The image's outputs get the same checks as the workflow's: a CA that is no certificate fails the run.
            String odd = TourSteps.createCluster(api, bearer, account, "odd-outputs", "{}").path("id").asText();
            TourSteps.awaitStatus(api, bearer, odd, "FAILED");
            JsonNode oddCluster = api.get("/clusters/" + odd, "Authorization", bearer).json();
            assertThat(oddCluster.path("reason").asText()).isEqualTo("invalid-outputs");
            assertThat(api.get("/clusters/" + odd + "/runs/" + oddCluster.path("current_run_id").asText(),
                    "Authorization", bearer).json().path("details").toString()).contains("certificate_authority_data");
        }
    }

    @Test
    void without_a_docker_engine_the_platform_refuses_to_start_in_docker_mode_and_says_why() {
        assertThatThrownBy(() -> start(bin.resolve("no-docker-here")))
                .hasStackTraceContaining("--provisioner docker needs a Docker engine");
    }
}
