package dev.skyport.clusters.adapter.dynamodb;

import static dev.skyport.clusters.domain.ClusterStatus.DELETED;
import static dev.skyport.clusters.domain.ClusterStatus.DELETING;
import static dev.skyport.clusters.domain.ClusterStatus.FAILED;
import static dev.skyport.clusters.domain.ClusterStatus.PROVISIONING;
import static dev.skyport.clusters.domain.ClusterStatus.REQUESTED;
import static dev.skyport.clusters.domain.ClusterStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.clusters.domain.Safeguards;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.CloudAccountInUse;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.platform.dynamodb.UserHasClusters;
import dev.skyport.testing.DynamoDbLocalFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Clusters on DynamoDB Local: conditional transactions keep names unique, the quota exact and history whole. */
class DynamoDbClustersIT {

    private static final Catalogue CATALOGUE = Catalogue.defaults();
    private static final String ACCOUNT = "b5bd7f3c-6a54-4bb2-8f0e-2ad4a9d6f3a1";

    private final TableNames tables = DynamoDbLocalFixture.freshTables();
    private final DynamoDbClusters clusters = DynamoDbClusters.on(DynamoDbLocalFixture.client(), tables);
    private final UserId owner = UserId.generate();
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");

    private Cluster requested(UserId who, String name) {
        ClusterSpec spec = ClusterSpec.of(new ClusterSpec.Request(name, "eu-west-1", null,
                Optional.of(new ClusterSpec.Network("10.1.0.0/16", List.of("10.1.0.0/24", "10.1.1.0/24"),
                        List.of("10.1.64.0/20", "10.1.80.0/20"))),
                Optional.of(List.of(new ClusterSpec.NodeGroupRequest("system", "m6i.large", 1, 2, 3))),
                "acmestate", "platform", Optional.of(List.of("cert-manager")), Optional.of(Map.of("team", "core"))),
                "aws", CATALOGUE);
        now = now.plusSeconds(1);
        DynamoDbLocalFixture.cloudAccountExists(tables, who, ACCOUNT);
        return Cluster.requested(who, ACCOUNT, "arn:aws:secretsmanager:eu-west-1:1:secret:skyport/x", spec, now);
    }

    /** Stores a cluster just asked for with its first run, as a create does. */
    private Cluster add(Cluster requested, int quota) {
        Run run = Run.requested(requested.id(), Run.Action.APPLY, requested.owner().value(), now, false);
        Cluster cluster = requested.runBy(run);
        clusters.add(cluster, run, requested.owner().value(), quota, Optional.empty());
        return cluster;
    }

    private Cluster move(Cluster current, ClusterStatus next, String reason) {
        now = now.plus(Duration.ofMinutes(1));
        Cluster moved = current.becoming(next, Optional.ofNullable(reason), now);
        clusters.transition(current, moved, "workflow", Optional.empty());
        return moved;
    }

    private int items() {
        return DynamoDbLocalFixture.client().scan(b -> b.tableName(tables.clusters())).count();
    }

    @Test
    void a_cluster_is_kept_whole_with_its_first_event_and_only_its_owner_finds_it() {
        Cluster cluster = add(requested(owner, "prod-eu"), 5);

        assertThat(clusters.find(owner, cluster.id())).contains(cluster);
        assertThat(clusters.find(UserId.generate(), cluster.id())).isEmpty();
        assertThat(clusters.events(cluster.id())).singleElement().satisfies(event -> {
            assertThat(event.from()).isEmpty();
            assertThat(event.to()).isEqualTo(REQUESTED);
            assertThat(event.actor()).isEqualTo(owner.value());
        });
    }

    /** The table's TTL attribute would make DynamoDB remove the cluster's own item when it expires. */
    @Test
    void a_guarded_cluster_keeps_its_expiry_out_of_the_tables_time_to_live() {
        Instant expiry = now.plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Cluster cluster = add(requested(owner, "short-lived").guardedBy(new Safeguards(true, Optional.of(expiry))),
                5);

        assertThat(clusters.find(owner, cluster.id())).get().extracting(Cluster::safeguards)
                .isEqualTo(new Safeguards(true, Optional.of(expiry)));
        assertThat(DynamoDbLocalFixture.client().getItem(b -> b.tableName(tables.clusters())
                .key(ClustersTable.cluster(owner, cluster.id()))).item())
                .doesNotContainKey(SkyportTables.CLUSTERS.ttlAttribute().orElseThrow())
                .containsKey("destroyAt");
    }

    @Test
    void a_cluster_is_not_stored_in_a_cloud_account_that_is_gone_and_a_retried_create_counts_once() {
        Cluster orphan = requested(owner, "orphan");
        DynamoDbLocalFixture.client().deleteItem(b -> b.tableName(tables.cloudAccounts())
                .key(CloudAccountInUse.account(owner, ACCOUNT)));
        int before = items();
        assertThatThrownBy(() -> add(orphan, 5)).isInstanceOf(Clusters.CloudAccountGone.class);
        assertThat(items()).as("nothing of the cluster is stored").isEqualTo(before);
        assertThat(clusters.activeIn(owner, ACCOUNT)).isZero();

        // A create retried with its idempotency key, or delivered twice, counts the cluster in its account once.
        Cluster kept = requested(owner, "kept");
        Run run = Run.requested(kept.id(), Run.Action.APPLY, owner.value(), now, false);
        Optional<Clusters.IdempotentRequest> key = Optional.of(new Clusters.IdempotentRequest("k-1", "f", kept.id()));
        clusters.add(kept.runBy(run), run, owner.value(), 5, key);
        assertThatThrownBy(() -> clusters.add(kept.runBy(run), run, owner.value(), 5, key))
                .isInstanceOf(Clusters.IdempotencyKeyTaken.class);
        assertThat(clusters.activeIn(owner, ACCOUNT)).isEqualTo(1);
    }

    @Test
    void a_cluster_is_not_stored_for_an_owner_whose_account_is_gone_and_the_owners_count_says_what_holds_it() {
        Cluster orphan = requested(owner, "ownerless");
        DynamoDbLocalFixture.client().deleteItem(b -> b.tableName(tables.users()).key(UserHasClusters.user(owner)));
        int before = items();
        assertThatThrownBy(() -> add(orphan, 5)).isInstanceOfSatisfying(DomainException.class,
                refused -> assertThat(refused.slug()).isEqualTo("account-deleted"));
        assertThat(items()).as("nothing of the cluster is stored").isEqualTo(before);

        // The count an account's deletion checks is the one a create moves and the DELETED transition moves back.
        Cluster kept = add(requested(owner, "holder"), 5);
        assertThat(activeClustersOf(owner)).isEqualTo(1);
        Cluster deleted = move(move(move(kept, PROVISIONING, null), RUNNING, null), DELETING, null);
        move(deleted, DELETED, null);
        assertThat(activeClustersOf(owner)).isZero();
    }

    private long activeClustersOf(UserId who) {
        Map<String, AttributeValue> item = DynamoDbLocalFixture.client().getItem(b -> b.tableName(tables.clusters())
                .key(UserHasClusters.clustersOf(who))).item();
        return Long.parseLong(item.get(UserHasClusters.ACTIVE_CLUSTERS).n());
    }

    @Test
    void racing_creates_of_one_name_give_one_cluster() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Cluster cluster = requested(owner, "racer");
            attempts.add(() -> {
                try {
                    add(cluster, 50);
                    return true;
                } catch (DomainException refused) {
                    // Every loser gets an answer in the person's terms, never a raw transaction failure.
                    assertThat(refused.slug()).isIn("cluster-name-taken", "concurrent-change");
                    return false;
                }
            });
        }
        int created = 0;
        for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
            created += attempt.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThatThrownBy(() -> add(requested(owner, "racer"), 50))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.slug()).isEqualTo("cluster-name-taken"));
        // The same name is free for someone else.
        add(requested(UserId.generate(), "racer"), 50);
    }

    @Test
    void racing_creates_of_different_names_all_land_within_the_quota() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Cluster cluster = requested(owner, "parallel-" + i);
            attempts.add(() -> {
                try {
                    add(cluster, 4);
                    return true;
                } catch (DomainException refused) {
                    assertThat(refused.slug()).isIn("cluster-quota-reached", "concurrent-change");
                    return false;
                }
            });
        }
        int created = 0;
        for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
            created += attempt.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(created).isBetween(1, 4);
        long stored = DynamoDbLocalFixture.client().scan(b -> b.tableName(tables.clusters())).items().stream()
                .filter(item -> item.get("sk").s().startsWith("CLUSTER#")).count();
        assertThat(stored).isEqualTo(created);
    }

    @Test
    void the_quota_counts_clusters_that_are_not_deleted_and_a_deleted_one_frees_its_name() {
        Cluster first = add(requested(owner, "one"), 2);
        add(requested(owner, "two"), 2);
        assertThat(clusters.activeIn(owner, ACCOUNT)).isEqualTo(2);
        int before = items();
        assertThatThrownBy(() -> add(requested(owner, "three"), 2))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.slug()).isEqualTo("cluster-quota-reached"));
        assertThat(items()).isEqualTo(before);

        Cluster gone = move(move(move(move(first, PROVISIONING, null), RUNNING, null), DELETING, null), DELETED,
                null);
        assertThat(clusters.find(owner, first.id())).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(DELETED));
        assertThat(clusters.activeIn(owner, ACCOUNT)).as("the cloud account's clusters in use").isEqualTo(1);
        assertThat(clusters.activeIn(UserId.generate(), ACCOUNT)).isZero();
        add(requested(owner, "three"), 2);
        add(requested(owner, "one"), 3);
        assertThat(clusters.events(gone.id())).extracting(ClusterEvent::to)
                .containsExactly(REQUESTED, PROVISIONING, RUNNING, DELETING, DELETED);
    }

    @Test
    void an_illegal_or_stale_transition_changes_nothing() {
        Cluster cluster = add(requested(owner, "careful"), 5);
        int before = items();

        assertThatThrownBy(() -> cluster.becoming(RUNNING, Optional.empty(), now))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.slug()).isEqualTo("illegal-transition"));
        Cluster provisioning = move(cluster, PROVISIONING, null);
        // A second writer that read the cluster before that move is refused, and nothing of it is stored.
        Cluster stale = cluster.becoming(FAILED, Optional.of("cancelled"), now.plusSeconds(5));
        assertThatThrownBy(() -> clusters.transition(cluster, stale, "someone", Optional.empty()))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.slug()).isEqualTo("concurrent-change"));
        assertThat(items()).isEqualTo(before + 1);
        assertThat(clusters.find(owner, cluster.id())).contains(provisioning);

        Cluster failed = move(provisioning, FAILED, "TerraformApplyFailed");
        assertThat(clusters.find(owner, cluster.id()).orElseThrow().reason()).contains("TerraformApplyFailed");
        assertThat(clusters.events(cluster.id())).last().satisfies(event -> {
            assertThat(event.from()).contains(PROVISIONING);
            assertThat(event.reason()).contains("TerraformApplyFailed");
            assertThat(event.version()).isEqualTo(failed.version());
        });
    }

    @Test
    void a_run_is_stored_with_its_cluster_and_its_end_with_the_transition_that_ends_it() {
        Cluster cluster = add(requested(owner, "runner"), 5);
        Run first = clusters.run(cluster.id(), cluster.currentRun().orElseThrow()).orElseThrow();
        assertThat(first.status()).isEqualTo(Run.Status.STARTING);
        assertThat(first.action()).isEqualTo(Run.Action.APPLY);

        Cluster failed = move(move(cluster, PROVISIONING, null), FAILED, "TerraformApplyFailed");
        now = now.plusSeconds(30);
        Run retry = Run.requested(cluster.id(), Run.Action.APPLY, owner.value(), now, false);
        Cluster retried = failed.becoming(PROVISIONING, Optional.empty(), now).runBy(retry);
        clusters.transition(failed, retried, owner.value(), Optional.of(retry));
        clusters.recordRun(retried, retry.running());
        assertThatThrownBy(() -> clusters.recordRun(failed, retry.ended(Run.Status.SUCCEEDED, Optional.empty(), now)))
                .as("a run is recorded only against the cluster as it is")
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.slug()).isEqualTo("concurrent-change"));

        assertThat(clusters.runs(cluster.id(), 10)).extracting(Run::id, Run::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(retry.id(), Run.Status.RUNNING),
                org.assertj.core.groups.Tuple.tuple(first.id(), Run.Status.STARTING));
        assertThat(clusters.find(owner, cluster.id()).orElseThrow().currentRun()).contains(retry.id());
        assertThat(clusters.events(cluster.id())).hasSize(4);
    }

    /**
     * A plan cancelled in the moment its task registers its log stream: the cancel read the run before the
     * registration, so it must not put the run back without its log stream; read again, it ends the run and keeps it.
     */
    @Test
    void a_plan_cancelled_as_its_task_registers_its_log_stream_never_loses_the_stream() {
        Cluster cluster = add(requested(owner, "planned"), 5);
        RunPlan destroy = new RunPlan(Run.Action.DESTROY, cluster.version(), cluster.spec(), Safeguards.none(),
                List.of("destroy"), Optional.empty());
        Run plan = Run.planning(cluster.id(), destroy, owner.value(), now, false).running();
        clusters.recordRun(cluster, plan);
        Run logging = plan.loggingTo("skyport/terraform/task-1");

        assertThat(clusters.recordPlan(owner, plan, logging)).isTrue();
        assertThat(clusters.recordPlan(owner, plan, plan.ended(Run.Status.CANCELLED, Optional.of("cancelled"), now)))
                .as("a cancel that read the run before its log stream").isFalse();
        assertThat(clusters.run(cluster.id(), plan.id()).orElseThrow().logStream())
                .contains("skyport/terraform/task-1");

        assertThat(clusters.recordPlan(owner, logging, logging.ended(Run.Status.CANCELLED, Optional.of("cancelled"),
                now))).as("the cancel, read again").isTrue();
        Run kept = clusters.run(cluster.id(), plan.id()).orElseThrow();
        assertThat(kept.status()).isEqualTo(Run.Status.CANCELLED);
        assertThat(kept.logStream()).contains("skyport/terraform/task-1");
    }

    @Test
    void an_idempotency_key_is_kept_with_the_cluster_it_created_and_taken_only_once() {
        Cluster requested = requested(owner, "once");
        Run run = Run.requested(requested.id(), Run.Action.APPLY, owner.value(), now, false);
        Cluster cluster = requested.runBy(run);
        clusters.add(cluster, run, owner.value(), 5, Optional.of(new dev.skyport.clusters.application.Clusters
                .IdempotentRequest("key-1", "fp", cluster.id())));
        assertThat(clusters.idempotentRequest(owner, "key-1")).hasValueSatisfying(first -> {
            assertThat(first.cluster()).isEqualTo(cluster.id());
            assertThat(first.fingerprint()).isEqualTo("fp");
        });
        assertThat(clusters.idempotentRequest(UserId.generate(), "key-1")).isEmpty();

        Cluster again = requested(owner, "twice");
        Run second = Run.requested(again.id(), Run.Action.APPLY, owner.value(), now, false);
        int before = items();
        assertThatThrownBy(() -> clusters.add(again.runBy(second), second, owner.value(), 5, Optional.of(
                new dev.skyport.clusters.application.Clusters.IdempotentRequest("key-1", "fp", again.id()))))
                .isInstanceOf(dev.skyport.clusters.application.Clusters.IdempotencyKeyTaken.class);
        assertThat(items()).isEqualTo(before);
    }
}
