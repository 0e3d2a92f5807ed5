package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.clusters.config.ClustersSettings;
import dev.skyport.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests that race each other over HTTP on the local platform, released together: of two that cannot both hold,
 * exactly one wins, the other gets its problem+json, and the store says what the winner did (issue 27).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalRacesIT {

    private static final int TRIALS = 20;
    /** Each trial of the account's deletion signs a new person up: fewer, as each costs a password hash or two. */
    private static final int ACCOUNT_TRIALS = 10;

    private LocalPlatform platform;
    private ApiClient api;
    private final List<String> people = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @BeforeAll
    void start() {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), Map.of(LocalSettings.STEP_DELAY, "150ms", ClustersSettings.QUOTA, TRIALS)));
        api = new ApiClient(platform::baseUrl);
        // two people, so that the accounts a trial leaves (its cluster won) stay under the limit per person
        people.add(TourSteps.signedIn(api, "racer-one@example.com", "racer-one"));
        people.add(TourSteps.signedIn(api, "racer-two@example.com", "racer-two"));
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        platform.close();
    }

    /**
     * Issue 27.2: {@code POST /clusters} racing {@code DELETE /cloud-accounts/{id}} both succeeded in 7 of 10 trials,
     * leaving a cluster whose account (and so the credentials to destroy it) was gone.
     */
    @Test
    void a_cluster_created_while_its_cloud_account_is_deleted_either_keeps_the_account_or_is_refused()
            throws Exception {
        int createsWon = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            String bearer = people.get(trial % people.size());
            String account = TourSteps.connectSimulated(api, bearer, "aws", "race-" + trial);
            String body = """
                    {"name":"race-%d","cloud_account_id":"%s","region":"eu-west-1","state":{"bucket":"acme-tf-state"}}\
                    """.formatted(trial, account);
            CountDownLatch go = new CountDownLatch(1);
            Future<ApiClient.Reply> create = pool.submit(() -> {
                go.await();
                return api.post("/clusters", body, "Authorization", bearer);
            });
            Future<ApiClient.Reply> delete = pool.submit(() -> {
                go.await();
                return api.delete("/cloud-accounts/" + account, null, "Authorization", bearer);
            });
            go.countDown();
            ApiClient.Reply created = create.get();
            ApiClient.Reply deleted = delete.get();

            String outcome = "trial " + trial + ": create " + created.status() + ", delete " + deleted.status();
            assertThat(created.status() == 202 ^ deleted.status() == 204).as(outcome + ": exactly one wins").isTrue();
            ApiClient.Reply stillThere = api.get("/cloud-accounts/" + account, "Authorization", bearer);
            List<String> live = clustersIn(bearer, account);
            if (created.status() == 202) {
                createsWon++;
                deleted.isProblem(409, "cloud-account-in-use");
                assertThat(stillThere.status()).as(outcome + ": the account stays").isEqualTo(200);
                assertThat(live).as(outcome).containsExactly(created.json().path("id").asText());
            } else {
                created.isProblem(400, "invalid-cloud-account");
                assertThat(stillThere.status()).as(outcome + ": the account is gone").isEqualTo(404);
                assertThat(live).as(outcome + ": no cluster in a deleted account").isEmpty();
            }
        }
        // Not a requirement, only a sign that the trials raced rather than ran one after the other.
        System.out.printf("%d of %d creates won their race%n", createsWon, TRIALS);
    }

    /**
     * {@code POST /clusters} racing {@code DELETE /me}: the deletion read the person's clusters (none) before the
     * create stored one, so both succeeded and left a cluster whose owner, and so whoever could delete it, was gone.
     */
    @Test
    void a_cluster_created_while_its_owner_deletes_the_account_either_keeps_the_account_or_is_refused()
            throws Exception {
        int createsWon = 0;
        for (int trial = 0; trial < ACCOUNT_TRIALS; trial++) {
            String bearer = TourSteps.signedIn(api, "leaver-" + trial + "@example.com", "leaver-" + trial);
            String account = TourSteps.connectSimulated(api, bearer, "aws", "leaving-" + trial);
            String body = """
                    {"name":"left-%d","cloud_account_id":"%s","region":"eu-west-1","state":{"bucket":"acme-tf-state"}}\
                    """.formatted(trial, account);
            String proof = ApiClient.json("password", TourSteps.PASSWORD);
            // The deletion first checks the password (a slow hash, as long as a login's) and then looks for clusters;
            // a create takes its own time to check the cloud account. So the two are started at offsets that sweep
            // from the deletion going first by a hash's time to the create going first by as much: some trials land
            // the create's write between the deletion's look for clusters and its own write, where the race is.
            long started = System.nanoTime();
            assertThat(api.post("/auth/login", ApiClient.json("login", "leaver-" + trial, "password",
                    TourSteps.PASSWORD)).status()).isEqualTo(200);
            long hashNanos = System.nanoTime() - started;
            long offsetNanos = hashNanos * (2 * trial - (ACCOUNT_TRIALS - 1)) / (ACCOUNT_TRIALS - 1);
            CountDownLatch go = new CountDownLatch(1);
            Future<ApiClient.Reply> create = pool.submit(() -> {
                go.await();
                TimeUnit.NANOSECONDS.sleep(Math.max(0, offsetNanos));
                return api.post("/clusters", body, "Authorization", bearer);
            });
            Future<ApiClient.Reply> delete = pool.submit(() -> {
                go.await();
                TimeUnit.NANOSECONDS.sleep(Math.max(0, -offsetNanos));
                return api.delete("/me", proof, "Authorization", bearer);
            });
            go.countDown();
            ApiClient.Reply created = create.get();
            ApiClient.Reply deleted = delete.get();

            String outcome = "trial " + trial + ": create " + created.status() + ", delete " + deleted.status();
            assertThat(created.status() == 202 ^ deleted.status() == 204).as(outcome + ": exactly one wins").isTrue();
            ApiClient.Reply login = api.post("/auth/login", ApiClient.json("login", "leaver-" + trial, "password",
                    TourSteps.PASSWORD));
            if (created.status() == 202) {
                createsWon++;
                deleted.isProblem(409, "account-in-use");
                assertThat(login.status()).as(outcome + ": the account stays").isEqualTo(200);
                assertThat(api.get("/clusters/" + created.json().path("id").asText(), "Authorization", bearer)
                        .status()).as(outcome + ": its cluster too").isEqualTo(200);
            } else {
                // Refused as a person whose account is gone: by the session check, by the create's own check, or
                // because the account's clean-up removed the cloud account first. A 4xx stores nothing.
                assertThat(created.status()).as(outcome).isIn(400, 401);
                assertThat(created.body()).as(outcome).containsAnyOf("unauthenticated", "session-revoked",
                        "account-deleted", "invalid-cloud-account");
                assertThat(login.status()).as(outcome + ": the account is gone").isEqualTo(401);
            }
        }
        System.out.printf("%d of %d creates won their race against the account's deletion%n", createsWon,
                ACCOUNT_TRIALS);
    }

    /** The ids of the person's clusters that are not DELETED in this cloud account. */
    private List<String> clustersIn(String bearer, String account) {
        List<String> ids = new ArrayList<>();
        for (JsonNode cluster : api.get("/clusters?limit=50", "Authorization", bearer).json().path("clusters")) {
            if (cluster.path("cloud_account_id").asText().equals(account)) {
                ids.add(cluster.path("id").asText());
            }
        }
        return ids;
    }
}
