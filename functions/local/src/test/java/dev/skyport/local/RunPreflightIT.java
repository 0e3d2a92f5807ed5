package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.simulated.LocalAwsServer;
import dev.skyport.simulated.LocalAzureServer;
import dev.skyport.simulated.LocalGoogleCloudServer;
import dev.skyport.testing.ApiClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run's preflight on the local platform, against the simulated providers through the real SDK clients (IAM's
 * SimulatePrincipalPolicy and S3, Cloud Resource Manager's and IAM's testIamPermissions and Cloud Storage, ARM's
 * permissions and storage accounts): credentials that connect but lack a permission fail the run at once with
 * {@code missing-permissions} naming it, an unfit state bucket fails it with what is wrong with the bucket, and
 * neither run gets as far as Terraform; fit credentials and bucket run on to RUNNING.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunPreflightIT {

    private LocalPlatform platform;
    private ApiClient api;
    private JsonNode samples;
    private String bearer;
    private int users;

    @BeforeAll
    void start() {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), Map.of(LocalSettings.STEP_DELAY, "50ms")));
        api = new ApiClient(platform::baseUrl);
        samples = api.get("/local/simulated-cloud").json();
    }

    /** Each case as a user of its own (cloud account names and cluster quotas are a user's). */
    private void signIn() {
        users++;
        bearer = TourSteps.signedIn(api, "preflight" + users + "@example.com", "preflight" + users);
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    private String connect(String provider, String sample) {
        ApiClient.Reply connected = api.post("/cloud-accounts", "{\"name\":\"" + provider + "-" + sample
                + "\",\"provider\":\"" + provider + "\",\"environment\":\"dev\",\"credentials\":"
                + samples.path(provider).path(sample) + "}", "Authorization", bearer);
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);
        return connected.json().path("id").asText();
    }

    private String create(String account, String name, String region, String bucket) {
        ApiClient.Reply created = api.post("/clusters", """
                {"name":"%s","cloud_account_id":"%s","region":"%s","state":{"bucket":"%s"}}"""
                .formatted(name, account, region, bucket), "Authorization", bearer);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().path("id").asText();
    }

    private JsonNode lastRun(String cluster) {
        return api.get("/clusters/" + cluster + "/runs", "Authorization", bearer).json().path("runs").get(0);
    }

    private String logs(String cluster, JsonNode run) {
        return api.get("/clusters/" + cluster + "/runs/" + run.path("id").asText() + "/logs", "Authorization", bearer)
                .json().path("lines").findValuesAsText("line").toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"aws, eu-west-1", "azure, westeurope", "gcp, europe-west1"})
    void a_run_fails_at_once_naming_what_the_credentials_may_not_do_or_what_is_wrong_with_the_bucket(
            String provider, String region) throws Exception {
        signIn();
        String lacking = connect(provider, "lacks_a_permission");
        String ok = connect(provider, "passes");
        String fit = samples.path(provider).path("state_buckets").path("fit").asText();
        String unfit = samples.path(provider).path("state_buckets").path("unfit").asText();
        String missing = switch (provider) {
            case "aws" -> LocalAwsServer.LACKING_ACTION;
            case "azure" -> LocalAzureServer.LACKING_ACTION;
            default -> LocalGoogleCloudServer.LACKING_PERMISSION;
        };

        String denied = create(lacking, provider + "-denied", region, fit);
        TourSteps.awaitStatus(api, bearer, denied, "FAILED");
        JsonNode cluster = api.get("/clusters/" + denied, "Authorization", bearer).json();
        assertThat(cluster.path("reason").asText()).isEqualTo("missing-permissions");
        JsonNode run = lastRun(denied);
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("reason").asText()).isEqualTo("missing-permissions");
        assertThat(run.path("details")).hasSize(1);
        assertThat(run.path("details").get(0).asText()).startsWith(missing);
        assertThat(logs(denied, run)).contains("Preflight failed (missing-permissions)", missing)
                .doesNotContain("Creating network");

        String exposed = create(ok, provider + "-unfit-bucket", region, unfit);
        TourSteps.awaitStatus(api, bearer, exposed, "FAILED");
        run = lastRun(exposed);
        assertThat(run.path("reason").asText()).isEqualTo("state-bucket-unversioned");
        assertThat(run.path("details")).hasSize(2);
        assertThat(run.path("details").get(0).asText()).contains(unfit, "keeps no");
        assertThat(run.path("details").get(1).asText()).contains(unfit, "public");

        String fine = create(ok, provider + "-fine", region, fit);
        TourSteps.awaitStatus(api, bearer, fine, "RUNNING");
        assertThat(lastRun(fine).path("details")).isEmpty();
        assertThat(logs(fine, lastRun(fine))).contains("Preflight: the credentials may do what this run does");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"aws, eu-west-1, no-such-bucket", "gcp, europe-west1, no-such-bucket",
            "azure, westeurope, nosuchaccount"})
    void a_state_bucket_that_is_not_there_fails_the_run_before_init(String provider, String region, String bucket)
            throws Exception {
        signIn();
        String account = connect(provider, "passes");
        String cluster = create(account, provider + "-no-bucket", region, bucket);
        TourSteps.awaitStatus(api, bearer, cluster, "FAILED");
        JsonNode run = lastRun(cluster);
        assertThat(run.path("reason").asText()).isEqualTo("state-bucket-not-found");
        assertThat(run.path("details").get(0).asText()).contains(bucket);
    }
}
