package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.Kubectl;
import dev.skyport.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
                Map.of(LocalSettings.STEP_DELAY, "150ms", LocalSettings.EXPIRY_SWEEP, "200ms")));
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
    void a_cancelled_plan_stops_walking_and_the_cluster_stays_running() throws Exception {
        String id = create("plan-then-stop", "{}").path("id").asText();
        awaitStatus(id, "RUNNING");
        ApiClient.Reply planned = api.post("/clusters/" + id + "/plan",
                "{\"node_groups\":{\"system\":{\"instance_type\":\"m6i.large\",\"min_size\":1,\"desired_size\":3,"
                        + "\"max_size\":5}}}", "Authorization", bearer);
        assertThat(planned.status()).as(planned.body()).isEqualTo(202);
        String plan = planned.json().path("id").asText();
        for (int wait = 0; wait < 100 && !get("/clusters/" + id + "/runs/" + plan).path("status").asText()
                .equals("RUNNING"); wait++) {
            Thread.sleep(50);
        }
        JsonNode cancelled = act("POST", "/clusters/" + id + "/runs/" + plan + "/cancel", 200);
        assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
        Thread.sleep(900); // several steps of the simulated plan: it must have stopped
        JsonNode run = get("/clusters/" + id + "/runs/" + plan);
        assertThat(run.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(run.path("plan").path("summary").isMissingNode() || run.path("plan").path("summary").isNull())
                .as("no summary kept: " + run).isTrue();
        assertThat(get("/clusters/" + id + "/runs/" + plan + "/logs").path("lines").findValuesAsText("line"))
                .as("the simulated plan stopped at its next step").last().isEqualTo("Cancelled.");
        assertThat(get("/clusters/" + id).path("status").asText()).isEqualTo("RUNNING");
        act("DELETE", "/clusters/" + id, 202);
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
        String id = create("doomed", "{\"simulate-failure\":\"apply-always\"}").path("id").asText();
        awaitStatus(id, "FAILED");
        JsonNode failed = get("/clusters/" + id);
        assertThat(failed.path("reason").asText()).isEqualTo("TerraformApplyFailed");
        assertThat(failed.path("current_run").path("details").get(0).asText()).as("the useful line")
                .startsWith("Error: simulated failure at step apply");
        act("DELETE", "/clusters/" + id, 202);
        awaitStatus(id, "DELETED");
        ApiClient.Reply gone = api.post("/clusters/" + id + "/retry", null, "Authorization", bearer);
        assertThat(gone.status()).isEqualTo(409);
        gone.isProblem(409, "illegal-transition");
    }

    /**
     * No trap: a simulated failure fails once, so a retry and a delete can be seen to work; one that always fails
     * is rolled forward by a change of its tag.
     */
    @Test
    void a_simulated_failure_fails_once_and_retry_update_and_delete_then_work() throws Exception {
        String once = create("fails-once", "{\"simulate-failure\":\"apply\"}").path("id").asText();
        awaitStatus(once, "FAILED");
        act("POST", "/clusters/" + once + "/retry", 202);
        awaitStatus(once, "RUNNING");

        String stuck = create("fails-always", "{\"simulate-failure\":\"apply-always\"}").path("id").asText();
        awaitStatus(stuck, "FAILED");
        act("POST", "/clusters/" + stuck + "/retry", 202);
        awaitStatus(stuck, "FAILED");
        JsonNode cluster = get("/clusters/" + stuck);
        ApiClient.Reply fixed = api.patch("/clusters/" + stuck, "{\"tags\":{\"simulate-failure\":null}}",
                "Authorization", bearer, "If-Match", "\"" + cluster.path("version").asText() + "\"");
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(202);
        assertThat(fixed.json().path("status").asText()).as("a change rolls a failed apply forward")
                .isEqualTo("PROVISIONING");
        awaitStatus(stuck, "RUNNING");

        // An update that fails once is retried; a destroy that fails once is deleted again.
        JsonNode running = get("/clusters/" + stuck);
        ApiClient.Reply update = api.patch("/clusters/" + stuck,
                "{\"tags\":{\"simulate-failure\":\"update\"},\"node_groups\":{\"default\":{\"desired_size\":1}}}",
                "Authorization", bearer, "If-Match", "\"" + running.path("version").asText() + "\"");
        assertThat(update.status()).as(update.body()).isEqualTo(202);
        awaitStatus(stuck, "UPDATE_FAILED");
        act("POST", "/clusters/" + stuck + "/retry", 202);
        awaitStatus(stuck, "RUNNING");

        String orphan = create("fails-to-go", "{\"simulate-failure\":\"destroy\"}").path("id").asText();
        awaitStatus(orphan, "RUNNING");
        act("DELETE", "/clusters/" + orphan, 202);
        awaitStatus(orphan, "DELETE_FAILED");
        act("DELETE", "/clusters/" + orphan, 202);
        awaitStatus(orphan, "DELETED");
        for (String id : List.of(once, stuck)) {
            act("DELETE", "/clusters/" + id, 202);
            awaitStatus(id, "DELETED");
        }
    }

    /** The simulated provisioner plans as Terraform would: an upgrade in place, a new instance type a replacement. */
    @Test
    void a_plan_says_what_would_change_and_its_id_applies_exactly_that() throws Exception {
        String id = create("plan-me", "{}").path("id").asText();
        awaitStatus(id, "RUNNING");
        ApiClient.Reply planned = api.post("/clusters/" + id + "/plan",
                "{\"node_groups\":{\"default\":{\"instance_type\":\"m6i.xlarge\"}},\"tags\":{\"env\":\"dev\"}}",
                "Authorization", bearer);
        assertThat(planned.status()).as(planned.body()).isEqualTo(202);
        String planId = planned.json().path("id").asText();
        JsonNode plan = null;
        for (int i = 0; i < 200; i++) {
            plan = get("/clusters/" + id + "/runs/" + planId);
            if (plan.path("status").asText().equals("SUCCEEDED")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(plan.path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode summary = plan.path("plan").path("summary");
        assertThat(summary.path("add").asInt()).isEqualTo(1);
        assertThat(summary.path("change").asInt()).isEqualTo(1);
        assertThat(summary.path("destroy").asInt()).isEqualTo(1);
        assertThat(summary.path("resources").findValuesAsText("address")).containsExactly(
                "module.eks.module.eks.aws_eks_cluster.this[0]",
                "module.eks.module.eks.module.eks_managed_node_group[\"default\"].aws_eks_node_group.this[0]");
        JsonNode log = get("/clusters/" + id + "/runs/" + planId + "/logs");
        assertThat(log.path("lines").findValuesAsText("line")).contains("Plan: 1 to add, 1 to change, 1 to destroy."
                + " (simulated)");
        JsonNode cluster = get("/clusters/" + id);
        assertThat(cluster.path("status").asText()).as("a plan changes nothing").isEqualTo("RUNNING");

        ApiClient.Reply applied = api.patch("/clusters/" + id, "{\"plan_id\":\"" + planId + "\"}",
                "Authorization", bearer, "If-Match", "\"" + cluster.path("version").asText() + "\"");
        assertThat(applied.status()).as(applied.body()).isEqualTo(202);
        awaitStatus(id, "RUNNING");
        assertThat(get("/clusters/" + id).path("node_groups").get(0).path("instance_type").asText())
                .isEqualTo("m6i.xlarge");
        ApiClient.Reply again = api.patch("/clusters/" + id, "{\"plan_id\":\"" + planId + "\"}",
                "Authorization", bearer, "If-Match", "\"" + get("/clusters/" + id).path("version").asText() + "\"");
        again.isProblem(409, "stale-plan");
        act("DELETE", "/clusters/" + id, 202);
        awaitStatus(id, "DELETED");
    }

    /** The in-process sweep lets a cluster expire: told first, then destroyed by itself, as the schedule does in AWS. */
    @Test
    void a_cluster_whose_expiry_comes_is_told_then_destroyed_by_itself() throws Exception {
        MutableClock clock = platform.context().getBean(MutableClock.class);
        // Minutes, not hours: the session's access token lives 15 minutes on this clock too.
        Instant expiry = clock.instant().plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS);
        ApiClient.Reply created = api.post("/clusters", """
                {"name":"ephemeral","cloud_account_id":"%s","region":"eu-west-1","state":{"bucket":"acme-tf-state"},
                 "expires_at":"%s"}""".formatted(account, expiry), "Authorization", bearer);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("expires_at").asText()).isEqualTo(expiry.toString());
        awaitStatus(id, "RUNNING");
        ApiClient.Reply tooLate = api.post("/clusters", """
                {"name":"forever","cloud_account_id":"%s","region":"eu-west-1","state":{"bucket":"acme-tf-state"},
                 "expires_at":"%s"}""".formatted(account, clock.instant().plus(Duration.ofDays(91))),
                "Authorization", bearer);
        tooLate.isProblem(400, "invalid-expires-at");

        awaitNotification("Cluster ephemeral expires within an hour");
        assertThat(get("/clusters/" + id).path("status").asText()).isEqualTo("RUNNING");
        clock.advance(Duration.ofMinutes(3));
        awaitStatus(id, "DELETED");
        awaitNotification("Cluster ephemeral expired");
        JsonNode events = get("/clusters/" + id + "/events").path("events");
        assertThat(events.findValuesAsText("actor")).contains("expiry");
    }

    private void awaitNotification(String title) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (get("/notifications").path("notifications").findValuesAsText("title").contains(title)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(get("/notifications").path("notifications").findValuesAsText("title")).contains(title);
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
            // The failure was written on the way down, after the stream poller stopped: the restarted poller goes
            // on from its checkpoint and publishes it now, once (the notification is the person's news of it).
            List<String> titles = List.of();
            for (int i = 0; i < 100 && !titles.contains("Cluster interrupted failed"); i++) {
                Thread.sleep(100);
                titles = secondApi.get("/notifications", "Authorization", token).json().path("notifications")
                        .findValuesAsText("title");
            }
            assertThat(titles).as("the news of the stop, published after the restart")
                    .containsOnlyOnce("Cluster interrupted failed");
            assertThat(secondApi.post("/clusters/" + id + "/retry", null, "Authorization", token).status())
                    .isEqualTo(202);
            TourSteps.awaitStatus(secondApi, token, id, "RUNNING");
            Thread.sleep(500);
            assertThat(secondApi.get("/notifications", "Authorization", token).json().path("notifications")
                    .findValuesAsText("title")).as("nothing published twice").containsOnlyOnce(
                    "Cluster interrupted failed").containsOnlyOnce("Cluster interrupted is running");
        }
    }
}
