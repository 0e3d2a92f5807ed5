package dev.skyport.clusters.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.clusters.adapter.dynamodb.ClusterChanges;
import dev.skyport.clusters.adapter.dynamodb.DynamoDbClusters;
import dev.skyport.clusters.adapter.dynamodb.DynamoDbRunLogs;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterChange;
import dev.skyport.clusters.domain.ClusterEvent;
import dev.skyport.clusters.domain.ClusterOutputs;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.ClusterStatus;
import dev.skyport.clusters.domain.NodeGroup;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.clusters.domain.Safeguards;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.MutableClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    {
        // what the directory double stands for: alice's accounts, kept where the cloud-accounts context keeps them
        accounts.keySet().forEach(id -> DynamoDbLocalFixture.cloudAccountExists(tables, alice, id));
    }

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
        failed.put("error", Map.of("Error", "TerraformApplyFailed", "Cause",
                "Error: creating EKS Cluster (twice): ResourceInUseException: already exists\nterraform apply failed."));
        assertThat(workflow.handle(failed)).containsEntry("moved", true);
        assertThat(requests.run(alice, cluster.id(), runs.getLast().id()).details()).as("the useful line")
                .containsExactly("Error: creating EKS Cluster (twice): ResourceInUseException: already exists");
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

    /** A RUNNING cluster of Kubernetes 1.32, made by an apply that succeeded. */
    private Cluster running(ClusterRequests requests, String name, Safeguards guards) {
        Cluster cluster = requests.create(new ClusterRequests.Caller(alice, true), VERIFIED,
                new ClusterSpec.Request(name, "eu-west-1", "1.32", Optional.empty(), Optional.empty(), "acmestate",
                        null, Optional.empty(), Optional.empty()), guards, Optional.empty()).cluster();
        String apply = runs.getLast().id();
        assertThat(reports.started(alice, cluster.id(), apply)).isTrue();
        assertThat(reports.succeeded(alice, cluster.id(), apply, Optional.of(OUTPUTS))).isTrue();
        return requests.get(alice, cluster.id());
    }

    private static ClusterChange upgradeTo(String version) {
        return new ClusterChange(Optional.of(version), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ClusterChange nodeGroups(Map<String, ClusterChange.NodeGroupChange> groups) {
        return new ClusterChange(Optional.empty(), Optional.of(groups), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ClusterChange guards(Optional<Boolean> protection, Optional<Optional<java.time.Instant>> expiry) {
        return new ClusterChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), protection, expiry);
    }

    @Test
    void a_running_cluster_is_upgraded_and_scaled_by_an_update_run_and_its_history_says_who_changed_what() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        Cluster cluster = running(requests, "upgrade-me", Safeguards.none());

        Cluster updating = requests.change(owner, cluster.id(), cluster.version(), new ClusterChange(
                Optional.of("1.33"), Optional.of(Map.of("default", ClusterChange.NodeGroupChange.of(null, null, 3, 5),
                        "batch", ClusterChange.NodeGroupChange.of("m6i.xlarge", 0, 1, 4))), Optional.empty(),
                Optional.of(Map.of("team", Optional.of("data"))), Optional.empty(), Optional.empty(),
                Optional.empty()));

        assertThat(updating.status()).isEqualTo(ClusterStatus.UPDATING);
        assertThat(updating.version()).isEqualTo(cluster.version() + 1);
        assertThat(updating.spec().kubernetesVersion()).isEqualTo("1.33");
        assertThat(updating.spec().nodeGroups()).extracting(NodeGroup::name, NodeGroup::desiredSize,
                NodeGroup::maxSize).containsExactly(org.assertj.core.groups.Tuple.tuple("default", 3, 5),
                org.assertj.core.groups.Tuple.tuple("batch", 1, 4));
        Run update = runs.getLast();
        assertThat(update.action()).isEqualTo(Run.Action.UPDATE);
        assertThat(updating.currentRun()).contains(update.id());
        assertThat(requests.events(alice, cluster.id()).getLast()).satisfies(event -> {
            assertThat(event.actor()).isEqualTo(alice.value());
            assertThat(event.from()).contains(ClusterStatus.RUNNING);
            assertThat(event.to()).isEqualTo(ClusterStatus.UPDATING);
            assertThat(event.changes()).containsExactly("kubernetes_version: 1.32 -> 1.33",
                    "node_groups.default: m6i.large, 1/2/3 -> m6i.large, 1/3/5",
                    "node_groups.batch: added (m6i.xlarge, 0/1/4)", "tags.team: (none) -> 'data'");
        });
        refused(() -> requests.change(owner, cluster.id(), updating.version(), upgradeTo("1.33")),
                "run-in-progress");

        assertThat(reports.started(alice, cluster.id(), update.id())).isTrue();
        assertThat(requests.get(alice, cluster.id()).status()).as("an update stays UPDATING while it runs")
                .isEqualTo(ClusterStatus.UPDATING);
        ClusterOutputs none = new ClusterOutputs("", "", "", "", "", "", "", "", "");
        assertThat(reports.succeeded(alice, cluster.id(), update.id(), Optional.of(none))).isTrue();
        assertThat(requests.get(alice, cluster.id()).outputs()).as("an update that could not read its outputs keeps"
                + " the cluster's").contains(OUTPUTS);
        requests.change(owner, cluster.id(), requests.get(alice, cluster.id()).version(), nodeGroups(Map.of(
                "default", ClusterChange.NodeGroupChange.of(null, null, 2, null))));
        update = runs.getLast();
        reports.started(alice, cluster.id(), update.id());
        ClusterOutputs upgraded = new ClusterOutputs(OUTPUTS.endpoint(), OUTPUTS.resourceId(), "1.33",
                OUTPUTS.consoleUrl(), OUTPUTS.certificateAuthorityData(), OUTPUTS.clusterName(), OUTPUTS.location(),
                OUTPUTS.resourceGroup(), OUTPUTS.project());
        assertThat(reports.succeeded(alice, cluster.id(), update.id(), Optional.of(upgraded))).isTrue();
        Cluster done = requests.get(alice, cluster.id());
        assertThat(done.status()).isEqualTo(ClusterStatus.RUNNING);
        assertThat(done.outputs()).contains(upgraded);
        assertThat(requests.events(alice, cluster.id())).extracting(ClusterEvent::to).containsExactly(
                ClusterStatus.REQUESTED, ClusterStatus.PROVISIONING, ClusterStatus.RUNNING, ClusterStatus.UPDATING,
                ClusterStatus.RUNNING, ClusterStatus.UPDATING, ClusterStatus.RUNNING);
    }

    @Test
    void a_version_goes_up_one_minor_at_a_time_never_down_and_only_to_what_the_region_offers() {
        Catalogue.ProviderCatalogue aws = Catalogue.defaults().of("aws");
        Catalogue lagging = new Catalogue(Map.of("aws", new Catalogue.ProviderCatalogue("aws", aws.regions(),
                aws.kubernetesVersions(), aws.instanceType(), aws.instanceTypeExample(), aws.defaultNodeGroup(),
                aws.addons(), Map.of("eu-west-1", List.of("1.32", "1.31")))));
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        ClusterRequests requests = requests(false, 5);
        Cluster cluster = running(requests, "versions", Safeguards.none());
        Cluster old = requests.change(owner, cluster.id(), cluster.version(), upgradeTo("1.32"));
        assertThat(old).as("the version it has: nothing to change, no run").isEqualTo(cluster);

        assertThatThrownBy(() -> requests.change(owner, cluster.id(), cluster.version(), upgradeTo("1.31")))
                .hasMessageContaining("cannot go down");
        assertThatThrownBy(() -> requests.change(owner, cluster.id(), cluster.version(), upgradeTo("1.34")))
                .hasMessageContaining("kubernetes_version must be one of [1.33, 1.32, 1.31] in eu-west-1");
        ClusterRequests inLaggingRegion = new ClusterRequests(clusters, null, null, logs,
                new ClusterRules(5, false, lagging), clock);
        refused(() -> inLaggingRegion.change(owner, cluster.id(), cluster.version(), upgradeTo("1.33")),
                "invalid-kubernetes-version");

        Cluster oldest = requests.create(owner, VERIFIED, new ClusterSpec.Request("oldest", "eu-west-1", "1.31",
                Optional.empty(), Optional.empty(), "acmestate", null, Optional.empty(), Optional.empty()),
                Optional.empty()).cluster();
        reports.started(alice, oldest.id(), runs.getLast().id());
        reports.succeeded(alice, oldest.id(), runs.getLast().id(), Optional.of(OUTPUTS));
        assertThatThrownBy(() -> requests.change(owner, oldest.id(), requests.get(alice, oldest.id()).version(),
                upgradeTo("1.33"))).hasMessageContaining("one minor version at a time: from 1.31 to 1.32 first");
        assertThat(requests.get(alice, cluster.id())).isEqualTo(cluster);
    }

    @Test
    void a_failed_update_is_retried_or_rolled_forward_by_another_change_and_can_still_be_deleted() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        Cluster cluster = running(requests, "roll-forward", Safeguards.none());
        requests.change(owner, cluster.id(), cluster.version(), upgradeTo("1.33"));
        String first = runs.getLast().id();
        reports.started(alice, cluster.id(), first);
        assertThat(reports.failed(alice, cluster.id(), first, "TerraformApplyFailed")).isTrue();
        Cluster failed = requests.get(alice, cluster.id());
        assertThat(failed.status()).isEqualTo(ClusterStatus.UPDATE_FAILED);
        assertThat(failed.spec().kubernetesVersion()).as("what was asked for stays").isEqualTo("1.33");

        Cluster retried = requests.retry(owner, cluster.id());
        assertThat(retried.status()).isEqualTo(ClusterStatus.UPDATING);
        assertThat(runs.getLast().action()).isEqualTo(Run.Action.UPDATE);
        assertThat(requests.cancel(owner, cluster.id()).status()).isEqualTo(ClusterStatus.UPDATE_FAILED);

        Cluster stuck = requests.get(alice, cluster.id());
        Cluster forward = requests.change(owner, cluster.id(), stuck.version(),
                nodeGroups(Map.of("default", ClusterChange.NodeGroupChange.of(null, 1, 1, 3))));
        assertThat(forward.status()).isEqualTo(ClusterStatus.UPDATING);
        reports.started(alice, cluster.id(), runs.getLast().id());
        reports.failed(alice, cluster.id(), runs.getLast().id(), "TerraformApplyFailed");
        assertThat(requests.delete(owner, cluster.id()).status()).isEqualTo(ClusterStatus.DELETING);
        assertThat(runs.getLast().action()).isEqualTo(Run.Action.DESTROY);
    }

    @Test
    void a_change_on_a_stale_version_is_refused_and_of_racing_changes_exactly_one_wins() throws Exception {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        Cluster cluster = running(requests, "contended", Safeguards.none());
        refused(() -> requests.change(owner, cluster.id(), cluster.version() - 1, upgradeTo("1.33")),
                "stale-version");
        int runsBefore = runs.size();

        int racers = 8;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> outcomes = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                int desired = 2 + i % 2;
                int max = 4 + i;
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        requests.change(owner, cluster.id(), cluster.version(), nodeGroups(Map.of("default",
                                ClusterChange.NodeGroupChange.of(null, null, desired, max))));
                        return "won";
                    } catch (DomainException refusedChange) {
                        return refusedChange.slug();
                    }
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (var outcome : outcomes) {
                results.add(outcome.get());
            }
            assertThat(results).filteredOn("won"::equals).hasSize(1);
            assertThat(results).filteredOn(result -> !result.equals("won")).containsOnly("stale-version");
        }
        assertThat(runs).as("one update run").hasSize(runsBefore + 1);
        assertThat(requests.get(alice, cluster.id()).version()).isEqualTo(cluster.version() + 1);
    }

    @Test
    void every_refused_change_names_its_field_and_changes_nothing() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        Cluster cluster = running(requests, "strict", Safeguards.none());
        long version = cluster.version();
        int items = DynamoDbLocalFixture.client().scan(b -> b.tableName(tables.clusters())).count();
        java.time.Instant now = clock.instant();

        assertThatThrownBy(() -> requests.change(owner, cluster.id(), version,
                nodeGroups(Map.of("default", ClusterChange.NodeGroupChange.removal()))))
                .hasMessageContaining("node_groups cannot lose its last node group");
        assertThatThrownBy(() -> requests.change(owner, cluster.id(), version,
                nodeGroups(Map.of("default", ClusterChange.NodeGroupChange.of(null, 3, 2, null)))))
                .hasMessageContaining("node_groups.default needs min_size <= desired_size <= max_size");
        assertThatThrownBy(() -> requests.change(owner, cluster.id(), version,
                nodeGroups(Map.of("gpu", ClusterChange.NodeGroupChange.removal()))))
                .hasMessageContaining("node_groups.gpu is not a node group of this cluster");
        assertThatThrownBy(() -> requests.change(owner, cluster.id(), version,
                nodeGroups(Map.of("gpu", ClusterChange.NodeGroupChange.of("m6i.large", 0, 1, null)))))
                .hasMessageContaining("node_groups.gpu.max_size is required");
        assertThatThrownBy(() -> requests.change(owner, cluster.id(), version,
                nodeGroups(Map.of("default", ClusterChange.NodeGroupChange.of("Standard_D4s_v5", null, null, null)))))
                .hasMessageContaining("node_groups.default.instance_type is not a aws instance type");
        assertThatThrownBy(() -> requests.change(owner, cluster.id(), version,
                guards(Optional.empty(), Optional.of(Optional.of(now.minusSeconds(60))))))
                .hasMessageContaining("expires_at must be in the future");
        assertThatThrownBy(() -> requests.change(owner, cluster.id(), version,
                guards(Optional.empty(), Optional.of(Optional.of(now.plus(java.time.Duration.ofDays(91)))))))
                .hasMessageContaining("expires_at may be at most 90 days ahead");
        refused(() -> requests.change(owner, cluster.id(), version, guards(Optional.empty(), Optional.empty())),
                "empty-change");
        refused(() -> requests.change(new ClusterRequests.Caller(bob, true), cluster.id(), version,
                upgradeTo("1.33")), "cluster-not-found");

        assertThat(DynamoDbLocalFixture.client().scan(b -> b.tableName(tables.clusters())).count()).isEqualTo(items);
        assertThat(requests.get(alice, cluster.id())).isEqualTo(cluster);
    }

    @Test
    void a_protected_cluster_is_not_deleted_until_a_change_of_its_own_turns_protection_off() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        java.time.Instant expiry = clock.instant().plus(java.time.Duration.ofDays(7));
        Cluster cluster = running(requests, "precious", new Safeguards(true, Optional.of(expiry)));
        assertThat(cluster.safeguards().expiresAt()).contains(expiry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        int runsBefore = runs.size();

        refused(() -> requests.delete(owner, cluster.id()), "deletion-protected");
        assertThat(requests.get(alice, cluster.id())).isEqualTo(cluster);

        Cluster unprotected = requests.change(owner, cluster.id(), cluster.version(),
                guards(Optional.of(false), Optional.of(Optional.empty())));
        assertThat(unprotected.status()).as("no run: the status stays").isEqualTo(ClusterStatus.RUNNING);
        assertThat(unprotected.version()).isEqualTo(cluster.version() + 1);
        assertThat(unprotected.safeguards()).isEqualTo(Safeguards.none());
        assertThat(runs).hasSize(runsBefore);
        assertThat(requests.events(alice, cluster.id()).getLast()).satisfies(event -> {
            assertThat(event.from()).contains(ClusterStatus.RUNNING);
            assertThat(event.to()).isEqualTo(ClusterStatus.RUNNING);
            assertThat(event.changes()).containsExactly("deletion_protection: on -> off",
                    "expires_at: " + expiry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " -> (none)");
        });
        assertThat(requests.delete(owner, cluster.id()).status()).isEqualTo(ClusterStatus.DELETING);
    }

    @Test
    void a_cluster_whose_destroy_failed_is_removed_by_force_with_a_warning_of_what_may_remain() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        Cluster cluster = running(requests, "orphan", Safeguards.none());
        refused(() -> requests.forceDelete(owner, cluster.id()), "force-needs-failed-destroy");
        requests.delete(owner, cluster.id());
        refused(() -> requests.forceDelete(owner, cluster.id()), "force-needs-failed-destroy");
        reports.started(alice, cluster.id(), runs.getLast().id());
        reports.failed(alice, cluster.id(), runs.getLast().id(), "TerraformDestroyFailed");
        refused(() -> requests.forceDelete(new ClusterRequests.Caller(bob, true), cluster.id()), "cluster-not-found");

        Cluster gone = requests.forceDelete(owner, cluster.id());
        assertThat(gone.status()).isEqualTo(ClusterStatus.DELETED);
        assertThat(gone.reason()).contains(ClusterRequests.FORCED);
        assertThat(requests.events(alice, cluster.id()).getLast().changes()).first().asString()
                .startsWith("warning: resources may remain in cloud account " + VERIFIED);
        assertThat(requests.events(alice, cluster.id()).getLast().changes())
                .contains("cluster: " + OUTPUTS.resourceId(), "node group: default (m6i.large)");
        assertThat(clusters.activeIn(alice, VERIFIED)).as("the account is free to delete").isZero();
        assertThat(running(requests, "orphan", Safeguards.none()).status()).as("the name is free again")
                .isEqualTo(ClusterStatus.RUNNING);
    }

    private static final RunPlan.Summary PLANNED = RunPlan.Summary.of(List.of(
            new RunPlan.ResourceChange("module.eks.module.eks.aws_eks_cluster.this[0]", RunPlan.ResourceAction.UPDATE)));

    @Test
    void a_plan_changes_nothing_and_applying_it_applies_exactly_what_it_planned_while_nothing_changed_since() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        Cluster cluster = running(requests, "planned", Safeguards.none());

        Run plan = requests.plan(owner, cluster.id(), Run.Action.UPDATE, upgradeTo("1.33"));
        assertThat(plan.action()).isEqualTo(Run.Action.PLAN);
        assertThat(plan.plan()).get().satisfies(p -> {
            assertThat(p.of()).isEqualTo(Run.Action.UPDATE);
            assertThat(p.baseVersion()).isEqualTo(cluster.version());
            assertThat(p.spec().kubernetesVersion()).isEqualTo("1.33");
            assertThat(p.changes()).containsExactly("kubernetes_version: 1.32 -> 1.33");
        });
        assertThat(runs.getLast()).as("the workflow runs the plan").isEqualTo(plan);
        refused(() -> requests.applyPlan(owner, cluster.id(), cluster.version(), plan.id()), "plan-not-ready");
        refused(() -> requests.plan(owner, cluster.id(), Run.Action.UPDATE, upgradeTo("1.33")), "plan-in-progress");

        assertThat(reports.started(alice, cluster.id(), plan.id())).isTrue();
        assertThat(reports.started(alice, cluster.id(), plan.id())).as("a repeated report").isFalse();
        assertThat(reports.planned(bob, cluster.id(), plan.id(), PLANNED)).as("another owner's report").isFalse();
        assertThat(reports.planned(alice, cluster.id(), plan.id(), PLANNED)).isTrue();
        assertThat(reports.holds(alice, cluster.id(), plan.id(), Run.Status.SUCCEEDED, Optional.empty())).isTrue();
        assertThat(reports.failed(alice, cluster.id(), plan.id(), "TerraformPlanFailed")).as("over").isFalse();
        assertThat(requests.get(alice, cluster.id())).as("a plan moves no cluster").isEqualTo(cluster);
        assertThat(requests.run(alice, cluster.id(), plan.id()).plan().orElseThrow().summary()).contains(PLANNED);

        refused(() -> requests.applyPlan(owner, cluster.id(), cluster.version(), UUID.randomUUID().toString()),
                "plan-not-found");
        refused(() -> requests.applyPlan(new ClusterRequests.Caller(bob, true), cluster.id(), cluster.version(),
                plan.id()), "cluster-not-found");
        Cluster updating = requests.applyPlan(owner, cluster.id(), cluster.version(), plan.id());
        assertThat(updating.status()).isEqualTo(ClusterStatus.UPDATING);
        assertThat(updating.spec()).isEqualTo(plan.plan().orElseThrow().spec());
        assertThat(runs.getLast().action()).isEqualTo(Run.Action.UPDATE);
        assertThat(requests.run(alice, cluster.id(), runs.getLast().id()).applies())
                .as("the run applies the plan's own file, as stored").contains(plan.id());
        assertThat(requests.events(alice, cluster.id()).getLast().changes())
                .containsExactly("kubernetes_version: 1.32 -> 1.33", "as planned by run " + plan.id());
        reports.started(alice, cluster.id(), runs.getLast().id());
        reports.succeeded(alice, cluster.id(), runs.getLast().id(), Optional.of(OUTPUTS));

        Cluster now = requests.get(alice, cluster.id());
        assertThat(now.version()).isGreaterThan(plan.plan().orElseThrow().baseVersion());
        refused(() -> requests.applyPlan(owner, cluster.id(), now.version(), plan.id()), "stale-plan");
        assertThat(requests.get(alice, cluster.id())).isEqualTo(now);
    }

    @Test
    void a_plan_goes_stale_after_a_day_and_its_expiry_is_checked_again_when_it_is_applied() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        Cluster cluster = running(requests, "slow-to-apply", Safeguards.none());
        java.time.Instant soon = clock.instant().plus(java.time.Duration.ofHours(2));
        Run plan = requests.plan(owner, cluster.id(), Run.Action.UPDATE, new ClusterChange(Optional.of("1.33"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Optional.of(soon))));
        reports.started(alice, cluster.id(), plan.id());
        reports.planned(alice, cluster.id(), plan.id(), PLANNED);

        clock.advance(java.time.Duration.ofHours(3));
        refused(() -> requests.applyPlan(owner, cluster.id(), cluster.version(), plan.id()), "invalid-expires-at");
        clock.advance(java.time.Duration.ofHours(22));
        refused(() -> requests.applyPlan(owner, cluster.id(), cluster.version(), plan.id()), "stale-plan");
        assertThat(requests.get(alice, cluster.id())).isEqualTo(cluster);
    }

    @Test
    void a_destroy_is_planned_then_deleted_as_planned_and_a_plan_of_the_wrong_kind_or_state_is_refused() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        Cluster cluster = running(requests, "to-go", Safeguards.none());
        refused(() -> requests.plan(owner, cluster.id(), Run.Action.UPDATE, ClusterChange.none()), "empty-change");
        refused(() -> requests.plan(owner, cluster.id(), Run.Action.UPDATE,
                guards(Optional.of(true), Optional.empty())), "nothing-to-plan");
        refused(() -> requests.plan(owner, cluster.id(), Run.Action.DESTROY, upgradeTo("1.33")), "malformed-request");
        Run update = requests.plan(owner, cluster.id(), Run.Action.UPDATE, upgradeTo("1.33"));
        reports.started(alice, cluster.id(), update.id());
        reports.planned(alice, cluster.id(), update.id(), PLANNED);

        Run destroy = requests.plan(owner, cluster.id(), Run.Action.DESTROY, ClusterChange.none());
        assertThat(destroy.plan().orElseThrow().spec()).isEqualTo(cluster.spec());
        refused(() -> requests.delete(owner, cluster.id(), Optional.of(destroy.id())), "plan-not-ready");
        reports.started(alice, cluster.id(), destroy.id());
        assertThat(reports.planned(alice, cluster.id(), destroy.id(), RunPlan.Summary.of(List.of(
                new RunPlan.ResourceChange("module.eks.module.eks.aws_eks_cluster.this[0]",
                        RunPlan.ResourceAction.DELETE))))).isTrue();
        refused(() -> requests.delete(owner, cluster.id(), Optional.of(update.id())), "plan-mismatch");
        refused(() -> requests.applyPlan(owner, cluster.id(), cluster.version(), destroy.id()), "plan-mismatch");
        assertThat(requests.delete(owner, cluster.id(), Optional.of(destroy.id())).status())
                .isEqualTo(ClusterStatus.DELETING);
        assertThat(requests.run(alice, cluster.id(), runs.getLast().id()).applies()).contains(destroy.id());
        refused(() -> requests.plan(owner, cluster.id(), Run.Action.DESTROY, ClusterChange.none()),
                "run-in-progress");
    }

    /** The notices of a cluster's expiry, as the stream publisher reads their items: each a cluster.expiring event. */
    private List<PlatformEvent.ClusterExpiring> notices(Cluster cluster) {
        return DynamoDbLocalFixture.client().query(b -> b.tableName(tables.clusters())
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :expiry)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CLUSTER#" + cluster.id()),
                                ":expiry", AttributeValue.fromS("EXPIRY#"))))
                .items().stream()
                .map(item -> ClusterChanges.of("record-" + item.get("sk").s(), Map.of(), item).orElseThrow())
                .map(event -> (PlatformEvent.ClusterExpiring) PlatformEvent.of(event).orElseThrow()).toList();
    }

    private static List<String> words(List<PlatformEvent.ClusterExpiring> notices) {
        return notices.stream().map(PlatformEvent.ClusterExpiring::notice).sorted().toList();
    }

    @Test
    void an_expiring_cluster_is_told_a_day_and_an_hour_before_once_each_and_then_destroyed() {
        ClusterRequests requests = requests(false, 5);
        ClusterExpiry expiry = new ClusterExpiry(clusters, requests, clock);
        java.time.Instant at = clock.instant().plus(java.time.Duration.ofDays(3));
        Cluster cluster = running(requests, "short-lived", new Safeguards(false, Optional.of(at)));

        assertThat(expiry.sweep().told()).as("three days ahead: nothing yet").isZero();
        clock.advance(java.time.Duration.ofDays(2).plusHours(1));
        assertThat(expiry.sweep().told()).isEqualTo(1);
        assertThat(expiry.sweep().told()).as("told once").isZero();
        clock.advance(java.time.Duration.ofHours(22).plusMinutes(30));
        assertThat(expiry.sweep().told()).isEqualTo(1);
        assertThat(words(notices(cluster))).containsExactly("within-a-day", "within-an-hour");
        assertThat(notices(cluster)).allSatisfy(notice -> {
            assertThat(notice.subject()).isEqualTo(alice);
            assertThat(notice.name()).isEqualTo("short-lived");
            assertThat(notice.expiresAt()).isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        });
        assertThat(requests.get(alice, cluster.id()).status()).isEqualTo(ClusterStatus.RUNNING);

        clock.advance(java.time.Duration.ofMinutes(31));
        ClusterExpiry.Sweep due = expiry.sweep();
        assertThat(due.destroyed()).isEqualTo(1);
        Cluster deleting = requests.get(alice, cluster.id());
        assertThat(deleting.status()).isEqualTo(ClusterStatus.DELETING);
        assertThat(deleting.reason()).contains("expired");
        assertThat(runs.getLast().action()).isEqualTo(Run.Action.DESTROY);
        assertThat(runs.getLast().actor()).isEqualTo(ClusterRequests.EXPIRY);
        assertThat(requests.events(alice, cluster.id()).getLast().actor()).isEqualTo(ClusterRequests.EXPIRY);
        assertThat(words(notices(cluster))).containsExactly("due", "within-a-day", "within-an-hour");
        assertThat(expiry.sweep()).as("a second sweep, or one racing it, starts no second destroy")
                .isEqualTo(new ClusterExpiry.Sweep(0, 0, 0, 0));
        reports.started(alice, cluster.id(), runs.getLast().id());
        reports.failed(alice, cluster.id(), runs.getLast().id(), "TerraformDestroyFailed");
        int runsBefore = runs.size();
        assertThat(expiry.sweep().destroyed()).as("a failed destroy is the owner's to retry").isZero();
        assertThat(runs).hasSize(runsBefore);
        requests.delete(new ClusterRequests.Caller(alice, true), cluster.id());
        reports.started(alice, cluster.id(), runs.getLast().id());
        reports.succeeded(alice, cluster.id(), runs.getLast().id(), Optional.empty());
        assertThat(clusters.expiringBy(clock.instant().plus(java.time.Duration.ofDays(100))))
                .as("a DELETED cluster leaves the index").extracting(Cluster::id).doesNotContain(cluster.id());
    }

    @Test
    void protection_keeps_an_expired_cluster_and_says_so_once_and_a_new_expiry_is_told_again() {
        ClusterRequests requests = requests(false, 5);
        ClusterRequests.Caller owner = new ClusterRequests.Caller(alice, true);
        ClusterExpiry expiry = new ClusterExpiry(clusters, requests, clock);
        java.time.Instant at = clock.instant().plus(java.time.Duration.ofMinutes(30));
        Cluster cluster = running(requests, "guarded", new Safeguards(true, Optional.of(at)));
        clock.advance(java.time.Duration.ofMinutes(31));

        assertThat(expiry.sweep()).isEqualTo(new ClusterExpiry.Sweep(1, 0, 1, 0));
        assertThat(expiry.sweep().told()).isZero();
        assertThat(requests.get(alice, cluster.id()).status()).isEqualTo(ClusterStatus.RUNNING);
        assertThat(words(notices(cluster))).containsExactly("protected");

        // Extended: the new expiry is told again when it comes near; the old one's notices stay what they were.
        Cluster kept = requests.get(alice, cluster.id());
        java.time.Instant later = clock.instant().plus(java.time.Duration.ofMinutes(50));
        Cluster extended = requests.change(owner, cluster.id(), kept.version(),
                guards(Optional.of(false), Optional.of(Optional.of(later))));
        assertThat(expiry.sweep().told()).isEqualTo(1);
        assertThat(words(notices(extended))).containsExactly("protected", "within-an-hour");

        // A run under way at the expiry: the destroy waits for it.
        requests.change(owner, cluster.id(), extended.version(), upgradeTo("1.33"));
        clock.advance(java.time.Duration.ofHours(1));
        assertThat(expiry.sweep().waiting()).isEqualTo(1);
        reports.started(alice, cluster.id(), runs.getLast().id());
        reports.succeeded(alice, cluster.id(), runs.getLast().id(), Optional.of(OUTPUTS));
        assertThat(expiry.sweep().destroyed()).isEqualTo(1);
        assertThat(requests.get(alice, cluster.id()).status()).isEqualTo(ClusterStatus.DELETING);
    }
}
