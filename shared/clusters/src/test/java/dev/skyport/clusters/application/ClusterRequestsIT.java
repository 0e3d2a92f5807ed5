package dev.skyport.clusters.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.clusters.adapter.dynamodb.DynamoDbClusters;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.MutableClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Creating and reading clusters, on DynamoDB Local. The two other ports are doubles that stand for the other
 * context and the workflow: a directory of cloud accounts, and a workflow that records the runs it is asked for
 * (or cannot start).
 */
class ClusterRequestsIT {

    private static final String VERIFIED = "7d0c3a1e-2b7f-4a77-9f53-1f8d0e6c2a10";
    private static final String FAILING = "8e1d4b2f-3c80-4b88-a064-2a9e1f7d3b21";

    private final UserId alice = UserId.generate();
    private final UserId bob = UserId.generate();
    private final Map<String, CloudAccountDirectory.ProvisioningAccount> accounts = new HashMap<>(Map.of(
            VERIFIED, new CloudAccountDirectory.ProvisioningAccount(VERIFIED, "aws", true, "arn:secret:alice"),
            FAILING, new CloudAccountDirectory.ProvisioningAccount(FAILING, "aws", false, "arn:secret:alice-2")));
    private final List<ProvisioningWorkflow.Run> runs = new ArrayList<>();
    private boolean workflowDown;
    private final Clusters clusters = DynamoDbClusters.on(DynamoDbLocalFixture.client(),
            DynamoDbLocalFixture.freshTables());
    private final MutableClock clock = MutableClock.startingNow();

    private ClusterRequests requests(boolean everyUserCreates, int quota) {
        CloudAccountDirectory directory = (owner, id) -> owner.equals(alice) ? Optional.ofNullable(accounts.get(id))
                : Optional.empty();
        ProvisioningWorkflow workflow = run -> {
            runs.add(run);
            if (workflowDown) {
                throw new IllegalStateException("Step Functions is unreachable");
            }
        };
        return new ClusterRequests(clusters, directory, workflow,
                new ClusterSettings(quota, everyUserCreates, Catalogue.defaults()), clock);
    }

    private static ClusterSpec.Request named(String name) {
        return new ClusterSpec.Request(name, "eu-west-1", null, Optional.empty(), Optional.empty(), "acmestate", null,
                Optional.empty(), Optional.empty());
    }

    private static void refused(Runnable action, String slug) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.slug()).isEqualTo(slug));
    }

    @Test
    void an_admin_creates_a_cluster_that_starts_its_apply_run_and_only_its_owner_reads() {
        ClusterRequests requests = requests(false, 5);
        Cluster cluster = requests.create(new ClusterRequests.Caller(alice, true), VERIFIED, named("prod-eu"));

        assertThat(cluster.status()).isEqualTo(ClusterStatus.REQUESTED);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.cluster()).isEqualTo(cluster.id());
            assertThat(run.owner()).isEqualTo(alice);
            assertThat(run.action()).isEqualTo(ProvisioningWorkflow.Action.APPLY);
        });
        assertThat(requests.get(alice, cluster.id())).isEqualTo(cluster);
        assertThat(requests.events(alice, cluster.id())).extracting(ClusterEvent::to)
                .containsExactly(ClusterStatus.REQUESTED);
        refused(() -> requests.get(bob, cluster.id()), "cluster-not-found");
        refused(() -> requests.events(bob, cluster.id()), "cluster-not-found");
    }

    @Test
    void a_person_lists_their_own_clusters_newest_first_page_by_page_without_the_deleted_ones() {
        ClusterRequests requests = requests(false, 10);
        ClusterRequests.Caller admin = new ClusterRequests.Caller(alice, true);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(java.time.Duration.ofSeconds(1));
            created.add(requests.create(admin, VERIFIED, named("cluster-" + i)).spec().name().value());
        }
        Cluster gone = requests.get(alice, runs.getFirst().cluster());
        for (ClusterStatus next : List.of(ClusterStatus.PROVISIONING, ClusterStatus.RUNNING, ClusterStatus.DELETING,
                ClusterStatus.DELETED)) {
            Cluster moved = gone.becoming(next, Optional.empty(), clock.instant());
            clusters.transition(gone, moved, "workflow");
            gone = moved;
        }

        List<String> listed = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            ClusterPage page = requests.list(alice, Optional.empty(), cursor, 2);
            assertThat(page.clusters()).hasSizeLessThanOrEqualTo(2);
            page.clusters().forEach(c -> listed.add(c.spec().name().value()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent() && pages < 10);
        assertThat(listed).containsExactly("cluster-4", "cluster-3", "cluster-2", "cluster-1");
        assertThat(requests.list(alice, Optional.of("deleted"), Optional.empty(), 10).clusters())
                .extracting(c -> c.spec().name().value()).containsExactly("cluster-0");
        assertThat(requests.list(bob, Optional.empty(), Optional.empty(), 10).clusters()).isEmpty();

        refused(() -> requests.list(alice, Optional.of("HALF_BUILT"), Optional.empty(), 10), "invalid-status");
        refused(() -> requests.list(alice, Optional.empty(), Optional.empty(), 0), "invalid-limit");
        refused(() -> requests.list(alice, Optional.empty(), Optional.of("x".repeat(3000)), 10), "invalid-cursor");
        refused(() -> requests.list(alice, Optional.empty(), Optional.of(java.util.Base64.getUrlEncoder()
                .encodeToString("2026-01-01T00:00:00Z#not-a-uuid".getBytes())), 10), "invalid-cursor");
    }

    @Test
    void only_admins_create_unless_every_user_may() {
        refused(() -> requests(false, 5).create(new ClusterRequests.Caller(alice, false), VERIFIED, named("mine")),
                "forbidden");
        assertThat(requests(true, 5).create(new ClusterRequests.Caller(alice, false), VERIFIED, named("mine"))
                .status()).isEqualTo(ClusterStatus.REQUESTED);
    }

    @Test
    void the_cloud_account_must_be_the_callers_and_verified() {
        ClusterRequests requests = requests(false, 5);
        refused(() -> requests.create(new ClusterRequests.Caller(bob, true), VERIFIED, named("stolen")),
                "invalid-cloud-account");
        refused(() -> requests.create(new ClusterRequests.Caller(alice, true), FAILING, named("stale")),
                "invalid-cloud-account");
        refused(() -> requests.create(new ClusterRequests.Caller(alice, true), null, named("none")),
                "invalid-cloud-account");
        refused(() -> requests.create(new ClusterRequests.Caller(alice, true), VERIFIED, named("Bad Name")),
                "invalid-name");
        assertThat(runs).isEmpty();
    }

    @Test
    void a_run_that_cannot_start_leaves_a_failed_cluster_to_retry_or_delete() {
        workflowDown = true;
        ClusterRequests requests = requests(false, 5);
        refused(() -> requests.create(new ClusterRequests.Caller(alice, true), VERIFIED, named("unlucky")),
                "workflow-unavailable");
        // The cluster exists, failed, with the reason in its history: the person can see why and act on it.
        Cluster failed = requests.get(alice, runs.getFirst().cluster());
        assertThat(failed.status()).isEqualTo(ClusterStatus.FAILED);
        assertThat(failed.reason()).contains("workflow-not-started");
        assertThat(requests.events(alice, failed.id())).extracting(ClusterEvent::to)
                .containsExactly(ClusterStatus.REQUESTED, ClusterStatus.FAILED);
    }
}
