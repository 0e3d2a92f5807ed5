package dev.skyport.clusters.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.clusters.adapter.dynamodb.DynamoDbClusters;
import dev.skyport.clusters.adapter.dynamodb.DynamoDbRunLogs;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterOutputs;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.Run;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.TableNames;
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
    private static final String ROLE = "9f2e5c3a-4d91-4c99-b175-3b0a2e8f4c32";

    private final UserId alice = UserId.generate();
    private final UserId bob = UserId.generate();
    private final Map<String, CloudAccountDirectory.ProvisioningAccount> accounts = new HashMap<>(Map.of(
            VERIFIED, new CloudAccountDirectory.ProvisioningAccount(VERIFIED, "aws", true, "arn:secret:alice",
                    Optional.empty(), Optional.empty()),
            FAILING, new CloudAccountDirectory.ProvisioningAccount(FAILING, "aws", false, "arn:secret:alice-2",
                    Optional.empty(), Optional.empty()),
            ROLE, new CloudAccountDirectory.ProvisioningAccount(ROLE, "aws", true, "arn:secret:alice-role",
                    Optional.of("skyport-external-id-of-alice"), Optional.of("arn:aws:iam::210987654321:role/skyport"))));
    private final List<Run> runs = new ArrayList<>();
    private final List<Run> stopped = new ArrayList<>();
    private boolean workflowDown;
    private final TableNames tables = DynamoDbLocalFixture.freshTables();
    private final Clusters clusters = DynamoDbClusters.on(DynamoDbLocalFixture.client(), tables);
    private final DynamoDbRunLogs logs = new DynamoDbRunLogs(DynamoDbLocalFixture.client(), tables);
    private final MutableClock clock = MutableClock.startingNow();
    private final RunReports reports = new RunReports(clusters, clock);

    private ClusterRequests requests(boolean everyUserCreates, int quota) {
        CloudAccountDirectory directory = new CloudAccountDirectory() {
            @Override
            public Optional<ProvisioningAccount> find(UserId owner, String id) {
                return owner.equals(alice) ? Optional.ofNullable(accounts.get(id)) : Optional.empty();
            }

            @Override
            public Map<String, String> credentials(UserId owner, String id, String region, String sessionName) {
                throw new AssertionError("creating, cancelling and deleting clusters never read credentials");
            }
        };
        ProvisioningWorkflow workflow = new ProvisioningWorkflow() {
            @Override
            public void start(Cluster cluster, Run run) {
                runs.add(run);
                if (workflowDown) {
                    throw new IllegalStateException("Step Functions is unreachable");
                }
            }

            @Override
            public void stop(Cluster cluster, Run run) {
                stopped.add(run);
            }

            @Override
            public boolean simulated() {
                return false;
            }
        };
        return new ClusterRequests(clusters, directory, workflow, logs,
                new ClusterRules(quota, everyUserCreates, Catalogue.defaults()), clock);
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
        Cluster cluster = requests.create(new ClusterRequests.Caller(alice, true), VERIFIED, named("prod-eu"),
                Optional.empty()).cluster();

        assertThat(cluster.status()).isEqualTo(ClusterStatus.REQUESTED);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.cluster()).isEqualTo(cluster.id());
            assertThat(run.actor()).isEqualTo(alice.value());
            assertThat(run.action()).isEqualTo(Run.Action.APPLY);
            assertThat(cluster.currentRun()).contains(run.id());
        });
        assertThat(requests.get(alice, cluster.id())).isEqualTo(cluster);
        assertThat(cluster.secretRef()).isEqualTo("arn:secret:alice");
        assertThat(cluster.roleExternalId()).isEmpty();
        assertThat(requests.events(alice, cluster.id())).extracting(ClusterEvent::to)
                .containsExactly(ClusterStatus.REQUESTED);
        // A role account's cluster keeps the owner's external id, for the task to assume the role with.
        Cluster inRole = requests.create(new ClusterRequests.Caller(alice, true), ROLE, named("in-role"),
                Optional.empty()).cluster();
        assertThat(requests.get(alice, inRole.id()).roleExternalId()).contains("skyport-external-id-of-alice");
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
            created.add(requests.create(admin, VERIFIED, named("cluster-" + i), Optional.empty()).cluster().spec()
                    .name().value());
        }
        Cluster gone = requests.get(alice, runs.getFirst().cluster());
        for (ClusterStatus next : List.of(ClusterStatus.PROVISIONING, ClusterStatus.RUNNING, ClusterStatus.DELETING,
                ClusterStatus.DELETED)) {
            Cluster moved = gone.becoming(next, Optional.empty(), clock.instant());
            clusters.transition(gone, moved, "workflow", Optional.empty());
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
        refused(() -> requests(false, 5).create(new ClusterRequests.Caller(alice, false), VERIFIED, named("mine"), Optional.empty()),
                "forbidden");
        assertThat(requests(true, 5).create(new ClusterRequests.Caller(alice, false), VERIFIED, named("mine"), Optional.empty())
                .cluster().status()).isEqualTo(ClusterStatus.REQUESTED);
    }

    @Test
    void the_cloud_account_must_be_the_callers_and_verified() {
        ClusterRequests requests = requests(false, 5);
        refused(() -> requests.create(new ClusterRequests.Caller(bob, true), VERIFIED, named("stolen"), Optional.empty()),
                "invalid-cloud-account");
        refused(() -> requests.create(new ClusterRequests.Caller(alice, true), FAILING, named("stale"), Optional.empty()),
                "invalid-cloud-account");
        refused(() -> requests.create(new ClusterRequests.Caller(alice, true), null, named("none"), Optional.empty()),
                "invalid-cloud-account");
        refused(() -> requests.create(new ClusterRequests.Caller(alice, true), VERIFIED, named("Bad Name"), Optional.empty()),
                "invalid-name");
        assertThat(runs).isEmpty();
    }

    @Test
    void a_run_that_cannot_start_leaves_a_failed_cluster_to_retry_or_delete() {
        workflowDown = true;
        ClusterRequests requests = requests(false, 5);
        refused(() -> requests.create(new ClusterRequests.Caller(alice, true), VERIFIED, named("unlucky"), Optional.empty()),
                "workflow-unavailable");
        // The cluster exists, failed, with the reason in its history: the person can see why and act on it.
        Cluster failed = requests.get(alice, runs.getFirst().cluster());
        assertThat(failed.status()).isEqualTo(ClusterStatus.FAILED);
        assertThat(failed.reason()).contains("workflow-not-started");
        assertThat(requests.events(alice, failed.id())).extracting(ClusterEvent::to)
                .containsExactly(ClusterStatus.REQUESTED, ClusterStatus.FAILED);
    }

    private Cluster created(ClusterRequests requests, String name) {
        return requests.create(new ClusterRequests.Caller(alice, true), VERIFIED, named(name), Optional.empty())
                .cluster();
    }

    private static final ClusterOutputs OUTPUTS = new ClusterOutputs("https://ABC.gr7.eu-west-1.eks.amazonaws.com",
            "arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu", "1.33", "https://console.aws.amazon.com/eks",
            "", "skyport-prod-eu", "eu-west-1", "", "");

    @Test
    void a_cluster_lives_from_request_to_deleted_through_its_runs_reports_and_frees_its_name() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller admin = new ClusterRequests.Caller(alice, true);
        Cluster cluster = created(requests, "prod-eu");
        String apply = runs.getLast().id();

        assertThat(reports.started(alice, cluster.id(), apply)).isTrue();
        assertThat(reports.started(alice, cluster.id(), apply)).as("a repeated report").isFalse();
        assertThat(requests.get(alice, cluster.id()).status()).isEqualTo(ClusterStatus.PROVISIONING);
        assertThat(reports.succeeded(alice, cluster.id(), apply, Optional.of(OUTPUTS))).isTrue();
        assertThat(reports.succeeded(alice, cluster.id(), apply, Optional.of(OUTPUTS))).isFalse();
        Cluster running = requests.get(alice, cluster.id());
        assertThat(running.status()).isEqualTo(ClusterStatus.RUNNING);
        assertThat(running.outputs()).contains(OUTPUTS);
        assertThat(requests.run(alice, cluster.id(), apply).status()).isEqualTo(Run.Status.SUCCEEDED);

        clock.advance(java.time.Duration.ofMinutes(20));
        Cluster deleting = requests.delete(admin, cluster.id());
        assertThat(deleting.status()).isEqualTo(ClusterStatus.DELETING);
        Run destroy = runs.getLast();
        assertThat(destroy.action()).isEqualTo(Run.Action.DESTROY);
        assertThat(reports.succeeded(alice, cluster.id(), apply, Optional.empty()))
                .as("the old run's report no longer counts").isFalse();
        assertThat(reports.started(alice, cluster.id(), destroy.id())).isTrue();
        assertThat(requests.get(alice, cluster.id()).status()).as("already DELETING").isEqualTo(ClusterStatus.DELETING);
        assertThat(reports.succeeded(alice, cluster.id(), destroy.id(), Optional.empty())).isTrue();

        assertThat(requests.get(alice, cluster.id()).status()).isEqualTo(ClusterStatus.DELETED);
        assertThat(requests.events(alice, cluster.id())).extracting(ClusterEvent::to).containsExactly(
                ClusterStatus.REQUESTED, ClusterStatus.PROVISIONING, ClusterStatus.RUNNING, ClusterStatus.DELETING,
                ClusterStatus.DELETED);
        assertThat(requests.runs(alice, cluster.id())).extracting(Run::action, Run::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Run.Action.DESTROY, Run.Status.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple(Run.Action.APPLY, Run.Status.SUCCEEDED));
        assertThat(created(requests, "prod-eu").status()).as("the name is free again")
                .isEqualTo(ClusterStatus.REQUESTED);
    }

    /**
     * Step Functions retries a report whose answer it did not get, though the report may have been applied: the
     * repeated report still says "go on", while a report of a run that was cancelled meanwhile says "stop".
     */
    @Test
    void a_workflow_report_delivered_twice_answers_the_same_and_a_cancelled_runs_report_stops_the_workflow() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        WorkflowReports workflow = new WorkflowReports(reports);
        Cluster cluster = created(requests, "twice");
        Map<String, Object> started = Map.of("report", WorkflowReports.STARTED, "owner", alice.value(),
                "cluster_id", cluster.id().value(), "run_id", runs.getLast().id());
        assertThat(workflow.handle(started)).containsEntry("moved", true);
        assertThat(workflow.handle(started)).as("the same report again").containsEntry("moved", true);
        assertThat(requests.get(alice, cluster.id()).status()).isEqualTo(ClusterStatus.PROVISIONING);

        Map<String, Object> failed = new HashMap<>(started);
        failed.put("report", WorkflowReports.FAILED);
        failed.put("error", Map.of("Error", "TerraformApplyFailed", "Cause", "exit 13"));
        assertThat(workflow.handle(failed)).containsEntry("moved", true);
        assertThat(workflow.handle(failed)).as("the same failure again").containsEntry("moved", true);
        assertThat(requests.events(alice, cluster.id())).extracting(ClusterEvent::to).containsExactly(
                ClusterStatus.REQUESTED, ClusterStatus.PROVISIONING, ClusterStatus.FAILED);

        requests.retry(owner, cluster.id());
        Map<String, Object> retried = Map.of("report", WorkflowReports.STARTED, "owner", alice.value(),
                "cluster_id", cluster.id().value(), "run_id", runs.getLast().id());
        assertThat(workflow.handle(retried)).containsEntry("moved", true);
        requests.cancel(owner, cluster.id());
        assertThat(workflow.handle(retried)).as("the run was cancelled meanwhile").containsEntry("moved", false);
        assertThat(workflow.handle(failed)).as("a report of the run before").containsEntry("moved", false);
    }

    @Test
    void a_cancelled_run_fails_the_cluster_which_can_be_retried_and_the_late_run_changes_nothing() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        Cluster cluster = created(requests, "staging");
        Run apply = runs.getLast();
        reports.started(alice, cluster.id(), apply.id());

        refused(() -> requests.delete(owner, cluster.id()), "illegal-transition");
        assertThatThrownBy(() -> requests.delete(owner, cluster.id())).hasMessageContaining("cancel first");
        refused(() -> requests.retry(owner, cluster.id()), "illegal-transition");

        Cluster cancelled = requests.cancel(owner, cluster.id());
        assertThat(cancelled.status()).isEqualTo(ClusterStatus.FAILED);
        assertThat(cancelled.reason()).contains("cancelled");
        assertThat(stopped).extracting(Run::id).containsExactly(apply.id());
        assertThat(requests.run(alice, cluster.id(), apply.id()).status()).isEqualTo(Run.Status.CANCELLED);
        assertThat(reports.succeeded(alice, cluster.id(), apply.id(), Optional.of(OUTPUTS))).isFalse();
        assertThat(reports.failed(alice, cluster.id(), apply.id(), "Cancelled")).isFalse();
        assertThat(requests.get(alice, cluster.id())).isEqualTo(cancelled);
        refused(() -> requests.cancel(owner, cluster.id()), "nothing-to-cancel");

        Cluster retried = requests.retry(owner, cluster.id());
        assertThat(retried.status()).isEqualTo(ClusterStatus.PROVISIONING);
        Run second = runs.getLast();
        assertThat(second.id()).isNotEqualTo(apply.id());
        assertThat(retried.currentRun()).contains(second.id());
        assertThat(reports.failed(alice, cluster.id(), second.id(), "TerraformApplyFailed")).isTrue();
        assertThat(requests.get(alice, cluster.id()).reason()).contains("TerraformApplyFailed");

        // A destroy can be cancelled too: the cluster is then DELETE_FAILED, and can be deleted again.
        requests.delete(owner, cluster.id());
        Cluster stuck = requests.cancel(owner, cluster.id());
        assertThat(stuck.status()).isEqualTo(ClusterStatus.DELETE_FAILED);
        assertThat(requests.delete(owner, cluster.id()).status()).isEqualTo(ClusterStatus.DELETING);
    }

    @Test
    void another_persons_cluster_is_not_found_by_any_request_and_nothing_changes() {
        ClusterRequests requests = requests(false, 5);
        Cluster cluster = created(requests, "private");
        String run = runs.getLast().id();
        ClusterRequests.Caller intruder = new ClusterRequests.Caller(bob, true);
        int before = DynamoDbLocalFixture.client().scan(b -> b.tableName(tables.clusters())).count();

        refused(() -> requests.cancel(intruder, cluster.id()), "cluster-not-found");
        refused(() -> requests.retry(intruder, cluster.id()), "cluster-not-found");
        refused(() -> requests.delete(intruder, cluster.id()), "cluster-not-found");
        refused(() -> requests.runs(bob, cluster.id()), "cluster-not-found");
        refused(() -> requests.run(bob, cluster.id(), run), "cluster-not-found");
        refused(() -> requests.logs(bob, cluster.id(), run, Optional.empty(), 10), "cluster-not-found");
        refused(() -> requests.run(alice, cluster.id(), "not-a-run"), "run-not-found");
        assertThat(reports.started(bob, cluster.id(), run)).as("a report names the owner").isFalse();

        assertThat(DynamoDbLocalFixture.client().scan(b -> b.tableName(tables.clusters())).count())
                .isEqualTo(before);
        assertThat(requests.get(alice, cluster.id())).isEqualTo(cluster);
    }

    @Test
    void a_repeated_create_with_its_idempotency_key_answers_the_first_cluster_and_a_changed_body_is_refused() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller admin = new ClusterRequests.Caller(alice, true);
        ClusterSpec.Request body = new ClusterSpec.Request("tagged", "eu-west-1", null, Optional.empty(),
                Optional.empty(), "acmestate", null, Optional.empty(), Optional.of(Map.of("team", "a", "env", "b")));
        ClusterRequests.Created first = requests.create(admin, VERIFIED, body, Optional.of("retry-me-1"));
        ClusterRequests.Created again = requests.create(admin, VERIFIED, new ClusterSpec.Request("tagged",
                "eu-west-1", null, Optional.empty(), Optional.empty(), "acmestate", null, Optional.empty(),
                Optional.of(new java.util.TreeMap<>(Map.of("env", "b", "team", "a")))), Optional.of("retry-me-1"));

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.cluster().id()).isEqualTo(first.cluster().id());
        assertThat(runs).as("one run only").hasSize(1);
        refused(() -> requests.create(admin, VERIFIED, named("other"), Optional.of("retry-me-1")),
                "idempotency-key-reused");
        refused(() -> requests.create(admin, VERIFIED, named("other"), Optional.of("bad key")),
                "invalid-idempotency-key");
        refused(() -> requests.create(admin, VERIFIED, named("other"), Optional.of("k".repeat(256))),
                "invalid-idempotency-key");
        assertThat(requests.list(alice, Optional.empty(), Optional.empty(), 10).clusters()).hasSize(1);
        // Keys are per person: Bob's request with the same key is his own.
        accounts.put(VERIFIED, accounts.get(VERIFIED));
        refused(() -> requests.create(new ClusterRequests.Caller(bob, true), VERIFIED, body,
                Optional.of("retry-me-1")), "invalid-cloud-account");
    }

    @Test
    void a_runs_output_is_read_page_by_page_and_a_page_cursor_waits_for_more_lines() {
        ClusterRequests requests = requests(false, 5);
        Cluster cluster = created(requests, "chatty");
        Run run = runs.getLast();
        for (int seq = 1; seq <= 5; seq++) {
            logs.append(run, seq, clock.instant(), "line " + seq);
        }
        RunLogs.LogPage first = requests.logs(alice, cluster.id(), run.id(), Optional.empty(), 3);
        assertThat(first.lines()).extracting(RunLogs.LogLine::line).containsExactly("line 1", "line 2", "line 3");
        RunLogs.LogPage second = requests.logs(alice, cluster.id(), run.id(), Optional.of(first.nextCursor()), 3);
        assertThat(second.lines()).extracting(RunLogs.LogLine::seq).containsExactly(4L, 5L);
        RunLogs.LogPage none = requests.logs(alice, cluster.id(), run.id(), Optional.of(second.nextCursor()), 3);
        assertThat(none.lines()).isEmpty();
        logs.append(run, 6, clock.instant(), "line 6");
        assertThat(requests.logs(alice, cluster.id(), run.id(), Optional.of(none.nextCursor()), 3).lines())
                .extracting(RunLogs.LogLine::line).containsExactly("line 6");
        refused(() -> requests.logs(alice, cluster.id(), run.id(), Optional.of("abc"), 3), "invalid-cursor");
        refused(() -> requests.logs(alice, cluster.id(), run.id(), Optional.empty(), 501), "invalid-limit");
    }
}
