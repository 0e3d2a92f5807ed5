package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.Kubectl;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The README's cluster tour on the local platform, with its simulated cloud and provisioner: a new user connects a
 * cloud account with the simulated cloud's sample credentials, creates a cluster and watches it reach RUNNING with its log lines, cancels one, retries one and deletes
 * one. Each run goes through the same conditional writes the workflow makes in AWS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalClustersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalPlatform platform;
    private ApiClient api;
    private String bearer;
    private String account;

    @BeforeAll
    void start() throws Exception {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(), Optional.empty(),
                Map.of(LocalSettings.STEP_DELAY, "150ms")));
        api = new ApiClient(platform::baseUrl);
        bearer = TourSteps.signedIn(api, "ops@example.com", "ops");
        account = TourSteps.connectSimulated(api, bearer, "aws", "Prod");
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    private JsonNode create(String name, String tags) {
        return TourSteps.createCluster(api, bearer, account, name, tags);
    }

    private JsonNode get(String path) throws Exception {
        ApiClient.Reply response = api.get(path, "Authorization", bearer);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode act(String method, String path, int status) throws Exception {
        ApiClient.Reply response = method.equals("DELETE") ? api.delete(path, null, "Authorization", bearer)
                : api.post(path, null, "Authorization", bearer);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** Reads the cluster until it is in {@code status}; returns every status seen on the way. */
    private void awaitStatus(String id, String status) throws Exception {
        TourSteps.awaitStatus(api, bearer, id, status);
    }

    private List<String> transitions(String id) throws Exception {
        return get("/clusters/" + id + "/events").path("events").findValuesAsText("to");
    }

    @Test
    void a_cluster_is_requested_provisioned_running_and_then_deleted_with_its_log_lines() throws Exception {
        JsonNode cluster = create("demo", "{}");
        String id = cluster.path("id").asText();
        assertThat(cluster.path("status").asText()).isEqualTo("REQUESTED");

        awaitStatus(id, "RUNNING");
        assertThat(transitions(id)).containsExactly("REQUESTED", "PROVISIONING", "RUNNING");
        JsonNode running = get("/clusters/" + id);
        assertThat(running.path("outputs").path("endpoint").asText()).contains("simulated");
        assertThat(running.path("current_run").path("simulated").asBoolean()).isTrue();
        String run = running.path("current_run_id").asText();
        JsonNode logs = get("/clusters/" + id + "/runs/" + run + "/logs");
        assertThat(logs.path("lines").findValuesAsText("line")).first().asString().contains("simulated");
        assertThat(logs.path("lines").findValuesAsText("line")).anySatisfy(line ->
                assertThat(line).contains("Installing add-on metrics-server")).last().asString()
                .contains("Apply complete!");
        ApiClient.Reply kubeconfig = downloadKubeconfig(id, "demo");
        assertThat(kubeconfig.body()).contains("server: " + running.path("outputs").path("endpoint").asText());

        assertThat(act("DELETE", "/clusters/" + id, 202).path("status").asText()).isEqualTo("DELETING");
        awaitStatus(id, "DELETED");
        assertThat(transitions(id)).containsExactly("REQUESTED", "PROVISIONING", "RUNNING", "DELETING", "DELETED");
        assertThat(get("/clusters").path("clusters").findValuesAsText("id")).doesNotContain(id);
        assertThat(get("/clusters?status=DELETED").path("clusters").findValuesAsText("id")).contains(id);
    }

    /** The running cluster's kubeconfig, downloaded as the console does: a YAML file, never cached. */
    private ApiClient.Reply downloadKubeconfig(String id, String name) {
        ApiClient.Reply download = api.get("/clusters/" + id + "/kubeconfig", "Authorization", bearer);
        assertThat(download.status()).as(download.body()).isEqualTo(200);
        assertThat(download.contentType()).startsWith("application/yaml");
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + name + ".kubeconfig\"");
        assertThat(download.headers().firstValue("Cache-Control")).hasValue("no-store");
        return download;
    }

    /**
     * A real kubectl reads the kubeconfig of a simulated cluster: its endpoint, its own CA certificate, and
     * {@code aws eks get-token} for its EKS name and region. Before RUNNING there is none (409, naming the status).
     */
    @Test
    void a_running_clusters_kubeconfig_is_read_by_kubectl_and_there_is_none_before() throws Exception {
        Kubectl kubectl = Kubectl.onThisMachine();
        String id = create("reach-me", "{}").path("id").asText();
        ApiClient.Reply early = api.get("/clusters/" + id + "/kubeconfig", "Authorization", bearer)
                .isProblem(409, "cluster-not-running");
        assertThat(early.json().path("detail").asText()).containsAnyOf("REQUESTED", "PROVISIONING");
        awaitStatus(id, "RUNNING");
        String endpoint = get("/clusters/" + id).path("outputs").path("endpoint").asText();

        JsonNode view = kubectl.view(downloadKubeconfig(id, "reach-me").body(), "--raw", "--minify");

        assertThat(view.path("current-context").asText()).isEqualTo("reach-me");
        assertThat(view.at("/clusters/0/cluster/server").asText()).isEqualTo(endpoint);
        String pem = new String(Base64.getDecoder().decode(view.at("/clusters/0/cluster/certificate-authority-data")
                .asText()), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----\n");
        JsonNode exec = view.at("/users/0/user/exec");
        assertThat(exec.path("command").asText()).isEqualTo("aws");
        assertThat(exec.path("args").toString()).isEqualTo("[\"--region\",\"eu-west-1\",\"eks\",\"get-token\","
                + "\"--cluster-name\",\"skyport-reach-me\",\"--output\",\"json\"]");
        assertThat(view.at("/users/0/user").size()).as("no credential but the exec plugin").isEqualTo(1);
        act("DELETE", "/clusters/" + id, 202);
    }

    @Test
    void a_cancelled_cluster_stops_its_run_and_a_retry_takes_it_to_running() throws Exception {
        String id = create("cancel-me", "{}").path("id").asText();
        awaitStatus(id, "PROVISIONING");
        JsonNode cancelled = act("POST", "/clusters/" + id + "/cancel", 200);
        assertThat(cancelled.path("status").asText()).isEqualTo("FAILED");
        assertThat(cancelled.path("reason").asText()).isEqualTo("cancelled");
        String firstRun = cancelled.path("current_run_id").asText();
        Thread.sleep(600); // several steps of the cancelled run: it must have stopped
        assertThat(get("/clusters/" + id).path("status").asText()).isEqualTo("FAILED");
        assertThat(get("/clusters/" + id + "/runs/" + firstRun + "/logs").path("lines").findValuesAsText("line"))
                .last().isEqualTo("Cancelled.");

        assertThat(act("POST", "/clusters/" + id + "/retry", 202).path("status").asText()).isEqualTo("PROVISIONING");
        awaitStatus(id, "RUNNING");
        assertThat(get("/clusters/" + id + "/runs").path("runs").findValuesAsText("status"))
                .containsExactly("SUCCEEDED", "CANCELLED");
    }

    @Test
    void neither_the_cloud_account_nor_the_account_of_a_person_with_clusters_can_be_deleted() throws Exception {
        String token = TourSteps.signedIn(api, "leaver@example.com", "leaver");
        String mine = TourSteps.connectSimulated(api, token, "aws", "Mine");
        String id = TourSteps.createCluster(api, token, mine, "keeps-me", "{}").path("id").asText();
        String proof = ApiClient.json("password", "correct horse battery staple");

        ApiClient.Reply accountRefused = api.delete("/cloud-accounts/" + mine, null, "Authorization", token)
                .isProblem(409, "cloud-account-in-use");
        assertThat(accountRefused.json().path("detail").asText()).contains("keeps-me");
        ApiClient.Reply meRefused = api.delete("/me", proof, "Authorization", token).isProblem(409, "account-in-use");
        assertThat(meRefused.json().path("detail").asText()).contains("keeps-me");
        assertThat(api.get("/me", "Authorization", token).status()).isEqualTo(200);

        TourSteps.awaitStatus(api, token, id, "RUNNING");
        assertThat(api.delete("/clusters/" + id, null, "Authorization", token).status()).isEqualTo(202);
        TourSteps.awaitStatus(api, token, id, "DELETED");
        assertThat(api.delete("/cloud-accounts/" + mine, null, "Authorization", token).status()).isEqualTo(204);
        assertThat(api.delete("/me", proof, "Authorization", token).status()).isEqualTo(204);
    }

    @Test
    void nobody_makes_a_cluster_in_another_persons_cloud_account_or_in_one_that_does_not_exist() throws Exception {
        String intruder = TourSteps.signedIn(api, "intruder@example.com", "intruder");
        for (String accountId : List.of(account, "c0ffee00-0000-4000-8000-00000000dead", "../cloud-accounts")) {
            ApiClient.Reply refused = api.post("/clusters", """
                    {"name":"borrowed","cloud_account_id":"%s","region":"eu-west-1",
                     "state":{"bucket":"acme-tf-state"}}"""
                    .formatted(accountId), "Authorization", intruder);
            assertThat(refused.status()).as(accountId + ": " + refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("detail").asText()).as(accountId)
                    .startsWith("cloud_account_id");
        }
        assertThat(JSON.readTree(api.get("/clusters", "Authorization", intruder).body()).path("clusters")).isEmpty();
    }

    @Test
    void a_run_told_to_fail_leaves_the_cluster_failed_with_the_reason_and_it_can_be_deleted() throws Exception {
        String id = create("doomed", "{\"simulate-failure\":\"apply\"}").path("id").asText();
        awaitStatus(id, "FAILED");
        assertThat(get("/clusters/" + id).path("reason").asText()).isEqualTo("TerraformApplyFailed");
        act("DELETE", "/clusters/" + id, 202);
        awaitStatus(id, "DELETED");
        ApiClient.Reply gone = api.post("/clusters/" + id + "/retry", null, "Authorization", bearer);
        assertThat(gone.status()).isEqualTo(409);
        gone.isProblem(409, "illegal-transition");
    }

    @Test
    void a_run_under_way_when_the_platform_stops_leaves_its_cluster_failed_to_retry_after_a_restart(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path data) throws Exception {
        String id;
        String token;
        LocalPlatform first = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.of(data),
                Optional.empty(), Map.of(LocalSettings.STEP_DELAY, "2s")));
        try {
            ApiClient firstApi = new ApiClient(first::baseUrl);
            token = TourSteps.signedIn(firstApi, "restart@example.com", "restarter");
            String mine = TourSteps.connectSimulated(firstApi, token, "aws", "Mine");
            id = TourSteps.createCluster(firstApi, token, mine, "interrupted", "{}").path("id").asText();
        } finally {
            first.close();
        }
        try (LocalPlatform second = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(),
                Optional.of(data), Optional.empty(), Map.of(LocalSettings.STEP_DELAY, "50ms")))) {
            ApiClient secondApi = new ApiClient(second::baseUrl);
            JsonNode cluster = secondApi.get("/clusters/" + id, "Authorization", token).json();
            assertThat(cluster.path("status").asText()).isEqualTo("FAILED");
            assertThat(cluster.path("reason").asText()).isEqualTo("local-platform-stopped");
            assertThat(secondApi.post("/clusters/" + id + "/retry", null, "Authorization", token).status())
                    .isEqualTo(202);
            TourSteps.awaitStatus(secondApi, token, id, "RUNNING");
        }
    }
}
