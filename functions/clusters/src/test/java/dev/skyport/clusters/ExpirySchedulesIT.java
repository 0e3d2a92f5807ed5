package dev.skyport.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.cloudaccounts.application.CloudAccounts;
import dev.skyport.cloudaccounts.domain.AccountName;
import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.DeploymentEnvironment;
import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.config.ClustersSettings;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ExpiryNotice;
import dev.skyport.identity.application.Session;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSchedulerServer;
import dev.skyport.testing.MutableClock;
import dev.skyport.testing.TableStream;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clusters' expiry schedules, end to end on local engines: clusters made and changed through the clusters
 * function's HTTP handler on DynamoDB Local, the table's stream handed to the schedules' stream consumer as Lambda's
 * event source mapping would, the real EventBridgeExpirySchedules adapter and SDK client against a loopback server
 * speaking EventBridge Scheduler's protocol (and refusing what it refuses), and each schedule's input fired at the
 * expiry function as the scheduler would, read by the Lambda runtime's own deserializer.
 */
class ExpirySchedulesIT {

    private static final String GROUP = "skyport-expiry";
    private static final String TARGET = "arn:aws:lambda:us-east-1:123456789012:function:SkyportApi-ClustersExpiry:live";
    private static final String ROLE = "arn:aws:iam::123456789012:role/SkyportApi-ClustersExpirySchedulerRole";
    private static final String DEAD_LETTERS = "arn:aws:sqs:us-east-1:123456789012:SkyportApi-ExpiryDeadLetters";

    private final LocalSchedulerServer scheduler = new LocalSchedulerServer().withGroup(GROUP);
    private ClustersLambda lambda;
    private TableStream stream;
    private ExpiryScheduleHandler consumer;
    private ClusterExpiryHandler expiry;
    private MutableClock clock;
    private Session boss;

    /** A fresh function each time: the tests move its clock by days, past any person's access token. */
    @BeforeEach
    void start() {
        lambda = new ClustersLambda(Map.of(                ClustersSettings.EXPIRY_SCHEDULES_GROUP, GROUP,
                ClustersSettings.EXPIRY_SCHEDULES_TARGET_ARN, TARGET,
                ClustersSettings.EXPIRY_SCHEDULES_ROLE_ARN, ROLE,
                ClustersSettings.EXPIRY_SCHEDULES_DEAD_LETTER_ARN, DEAD_LETTERS,
                "skyport.aws.endpoints.scheduler", scheduler.endpoint().toString()));
        consumer = new ExpiryScheduleHandler(lambda.context);
        expiry = new ClusterExpiryHandler(lambda.context);
        clock = lambda.context.getBean(MutableClock.class);
        boss = lambda.boss;
        stream = new TableStream(lambda.context.getBean(TableNames.class).nameOf(SkyportTables.CLUSTERS));
    }

    @AfterEach
    void stop() {
        stream.close();
        lambda.close();
        scheduler.close();
    }

    // --- what a person does -----------------------------------------------------------------------------------------

    /** A RUNNING cluster of the boss's that expires at {@code expiresAt}. */
    private String running(String name, Instant expiresAt) throws IOException {
        CloudAccountId account = CloudAccountId.generate();
        Instant now = Instant.now();
        lambda.context.getBean(CloudAccounts.class).create(new CloudAccount(account, boss.user().id(),
                new AccountName("prod-" + account.value().substring(0, 8)), CloudProvider.AWS,
                DeploymentEnvironment.parse("prod"), Map.of("access_key_id", "AKIA****0001"),
                Map.of("account_id", "210987654321"),
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:skyport/cloud-accounts/x-Ab12Cd", now, now,
                Optional.empty()));
        APIGatewayV2HTTPEvent create = LambdaEvents.read("clusters-create.json", APIGatewayV2HTTPEvent.class,
                Map.of("ACCESS_TOKEN_FROM_LOGIN", boss.accessToken(), "CLOUD_ACCOUNT_ID", account.value(),
                        "IDEMPOTENCY_KEY", UUID.randomUUID().toString(), "demo-eks", name));
        create.setBody(create.getBody().replaceFirst("\\{", "{\"expires_at\": \"" + expiresAt + "\", "));
        APIGatewayV2HTTPResponse created = lambda.http.handleRequest(create, new MockLambdaContext());
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(202);
        String id = body(created).path("id").asText();
        String run = body(created).path("current_run_id").asText();
        RunReports reports = lambda.context.getBean(RunReports.class);
        reports.started(boss.user().id(), new ClusterId(id), run);
        reports.succeeded(boss.user().id(), new ClusterId(id), run, Optional.empty());
        return id;
    }

    private JsonNode cluster(String id) throws IOException {
        return body(lambda.http.handleRequest(LambdaEvents.read("clusters-get.json", APIGatewayV2HTTPEvent.class,
                Map.of("ACCESS_TOKEN_FROM_LOGIN", boss.accessToken(), "CLUSTER_ID", id)), new MockLambdaContext()));
    }

    private APIGatewayV2HTTPResponse change(String id, String body) throws IOException {
        APIGatewayV2HTTPEvent event = LambdaEvents.read("clusters-change.json", APIGatewayV2HTTPEvent.class,
                Map.of("ACCESS_TOKEN_FROM_LOGIN", boss.accessToken(), "CLUSTER_ID", id,
                        "CLUSTER_VERSION", cluster(id).path("version").asText()));
        event.setBody(body);
        return lambda.http.handleRequest(event, new MockLambdaContext());
    }

    private APIGatewayV2HTTPResponse delete(String id) throws IOException {
        return lambda.http.handleRequest(LambdaEvents.read("clusters-delete.json", APIGatewayV2HTTPEvent.class,
                Map.of("ACCESS_TOKEN_FROM_LOGIN", boss.accessToken(), "CLUSTER_ID", id)), new MockLambdaContext());
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws IOException {
        return LambdaEvents.JSON.readTree(response.getBody());
    }

    // --- what the machinery does ------------------------------------------------------------------------------------

    /** The stream's new records, handed to the consumer as the event source mapping would. */
    private StreamsEventResponse sync() {
        StreamsEventResponse response = consumer.handleRequest(stream.next(), new MockLambdaContext());
        assertThat(response.getBatchItemFailures()).isEmpty();
        return response;
    }

    private Optional<LocalSchedulerServer.StoredSchedule> schedule(String id) {
        return scheduler.schedule(GROUP, "cluster-" + id);
    }

    private static String at(Instant time) {
        return "at(" + time.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "") + ")";
    }

    /** The scheduler fires the cluster's schedule (and deletes it, as DELETE after completion says). */
    private String fire(String id) {
        String input = scheduler.fire(GROUP, "cluster-" + id).orElseThrow(() ->
                new AssertionError("cluster " + id + " has no schedule to fire"));
        return expiry.handleRequest(LambdaEvents.asLambdaReads(input, ScheduledEvent.class), new MockLambdaContext());
    }

    private java.util.Set<ExpiryNotice> told(String id) {
        Clusters clusters = lambda.context.getBean(Clusters.class);
        return clusters.noticesTold(clusters.find(boss.user().id(), new ClusterId(id)).orElseThrow());
    }

    private long writes() {
        return scheduler.calls().stream().filter(call -> !call.operation().equals("GetSchedule")).count();
    }

    // --- the tests --------------------------------------------------------------------------------------------------

    @Test
    void a_cluster_with_an_expiry_gets_one_schedule_that_fires_at_its_first_warning() throws Exception {
        Instant expiresAt = clock.instant().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        String id = running("three-days", expiresAt);

        sync();

        LocalSchedulerServer.StoredSchedule made = schedule(id).orElseThrow();
        assertThat(made.expression()).isEqualTo(at(expiresAt.minus(Duration.ofDays(1))));
        JsonNode definition = made.definition();
        assertThat(definition.path("ScheduleExpressionTimezone").asText()).isEqualTo("UTC");
        assertThat(definition.path("ActionAfterCompletion").asText()).isEqualTo("DELETE");
        assertThat(definition.path("FlexibleTimeWindow").path("Mode").asText()).isEqualTo("OFF");
        JsonNode target = made.target();
        assertThat(target.path("Arn").asText()).isEqualTo(TARGET);
        assertThat(target.path("RoleArn").asText()).isEqualTo(ROLE);
        assertThat(target.path("DeadLetterConfig").path("Arn").asText()).isEqualTo(DEAD_LETTERS);
        assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").asInt()).isPositive();
        // The input is the sample event of events/, for this cluster.
        assertThat(LambdaEvents.JSON.readTree(target.path("Input").asText())).isEqualTo(LambdaEvents.JSON.readTree(
                LambdaEvents.text("scheduler-cluster-expiry-due.json",
                        Map.of("OWNER_ID", boss.user().id().value(), "CLUSTER_ID", id))));
        assertThat(scheduler.schedules()).filteredOn(s -> s.name().endsWith(id)).hasSize(1);
    }

    @Test
    void extending_the_expiry_moves_the_schedule_and_clearing_it_deletes_the_schedule() throws Exception {
        Instant expiresAt = clock.instant().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        String id = running("extended", expiresAt);
        sync();
        Instant later = expiresAt.plus(Duration.ofDays(7));

        APIGatewayV2HTTPResponse extended = change(id, "{\"expires_at\": \"" + later + "\"}");
        assertThat(extended.getStatusCode()).as(extended.getBody()).isEqualTo(200);
        sync();
        assertThat(schedule(id).orElseThrow().expression()).isEqualTo(at(later.minus(Duration.ofDays(1))));

        APIGatewayV2HTTPResponse cleared = change(id, "{\"expires_at\": null}");
        assertThat(cleared.getStatusCode()).as(cleared.getBody()).isEqualTo(200);
        sync();
        assertThat(schedule(id)).isEmpty();
    }

    @Test
    void deleting_the_cluster_deletes_its_schedule() throws Exception {
        String id = running("deleted", clock.instant().plus(Duration.ofDays(5)));
        sync();
        assertThat(schedule(id)).isPresent();

        APIGatewayV2HTTPResponse deleting = delete(id);
        assertThat(deleting.getStatusCode()).as(deleting.getBody()).isEqualTo(202);
        sync();

        assertThat(schedule(id)).isEmpty();
        assertThat(scheduler.calls()).contains(new LocalSchedulerServer.Call("DeleteSchedule", "cluster-" + id, 200));
    }

    @Test
    void the_schedule_wakes_the_warnings_then_the_destroy_and_moves_itself_from_one_to_the_next() throws Exception {
        Instant expiresAt = clock.instant().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String id = running("walked", expiresAt);
        sync();

        clock.advance(Duration.between(clock.instant(), expiresAt.minus(Duration.ofDays(1))).plusSeconds(20));
        assertThat(fire(id)).isEqualTo("told");
        assertThat(told(id)).containsExactly(ExpiryNotice.WITHIN_A_DAY);
        assertThat(schedule(id)).as("the scheduler deleted it after it fired").isEmpty();
        sync(); // the notice told is on the stream: the schedule comes back for the next moment
        assertThat(schedule(id).orElseThrow().expression()).isEqualTo(at(expiresAt.minus(Duration.ofHours(1))));

        clock.advance(Duration.between(clock.instant(), expiresAt.minus(Duration.ofHours(1))).plusSeconds(5));
        assertThat(fire(id)).isEqualTo("told");
        sync();
        assertThat(told(id)).containsExactlyInAnyOrder(ExpiryNotice.WITHIN_A_DAY, ExpiryNotice.WITHIN_AN_HOUR);
        assertThat(schedule(id).orElseThrow().expression()).isEqualTo(at(expiresAt));

        clock.advance(Duration.between(clock.instant(), expiresAt).plusSeconds(30));
        assertThat(fire(id)).isEqualTo("destroyed");
        // Read from the store: two days on, the person's access token has long expired.
        var expired = lambda.context.getBean(Clusters.class).find(boss.user().id(), new ClusterId(id)).orElseThrow();
        assertThat(expired.status().name()).isEqualTo("DELETING");
        assertThat(expired.reason()).contains("expired");
        assertThat(lambda.aws.executions().get(expired.currentRun().orElseThrow()).input().path("action").asText())
                .isEqualTo("destroy");
        sync();
        assertThat(schedule(id)).as("nothing more to do: no schedule").isEmpty();
    }

    @Test
    void a_stream_record_read_twice_or_a_wake_up_delivered_twice_doubles_nothing() throws Exception {
        Instant expiresAt = clock.instant().plus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
        String id = running("twice", expiresAt);
        var batch = stream.next();
        consumer.handleRequest(batch, new MockLambdaContext());
        LocalSchedulerServer.StoredSchedule first = schedule(id).orElseThrow();
        long writesBefore = writes();

        StreamsEventResponse again = consumer.handleRequest(batch, new MockLambdaContext());

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(writes()).as("no schedule made, moved or deleted again").isEqualTo(writesBefore);
        assertThat(schedule(id).orElseThrow()).isEqualTo(first);

        // The scheduler retries a delivery it thinks failed: the warning is told once.
        clock.advance(Duration.between(clock.instant(), expiresAt.minus(Duration.ofDays(1))).plusSeconds(1));
        String input = scheduler.fire(GROUP, "cluster-" + id).orElseThrow();
        ScheduledEvent wakeUp = LambdaEvents.asLambdaReads(input, ScheduledEvent.class);
        assertThat(expiry.handleRequest(wakeUp, new MockLambdaContext())).isEqualTo("told");
        assertThat(expiry.handleRequest(wakeUp, new MockLambdaContext())).isEqualTo("nothing");
        assertThat(told(id)).containsExactly(ExpiryNotice.WITHIN_A_DAY);
    }

    @Test
    void the_sample_wake_up_of_events_acts_on_its_one_cluster_and_the_sweep_still_runs() throws Exception {
        Instant expiresAt = clock.instant().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        String id = running("sample", expiresAt);
        ScheduledEvent sample = LambdaEvents.asLambdaReads(LambdaEvents.text("scheduler-cluster-expiry-due.json",
                Map.of("OWNER_ID", boss.user().id().value(), "CLUSTER_ID", id)), ScheduledEvent.class);

        assertThat(expiry.handleRequest(sample, new MockLambdaContext())).isEqualTo("told");
        assertThat(told(id)).containsExactly(ExpiryNotice.WITHIN_AN_HOUR);
        ScheduledEvent foreign = LambdaEvents.asLambdaReads(LambdaEvents.text("scheduler-cluster-expiry-due.json",
                Map.of("OWNER_ID", lambda.alice.user().id().value(), "CLUSTER_ID", id)), ScheduledEvent.class);
        assertThat(expiry.handleRequest(foreign, new MockLambdaContext())).as("another owner's id finds nothing")
                .isEqualTo("nothing");

        ScheduledEvent tick = LambdaEvents.asLambdaReads(LambdaEvents.text("scheduled-cluster-expiry.json",
                Map.of()), ScheduledEvent.class);
        assertThat(expiry.handleRequest(tick, new MockLambdaContext())).endsWith("waiting");
    }

    @Test
    void a_cluster_created_within_a_day_of_its_expiry_is_woken_within_the_minute() throws Exception {
        String id = running("soon", clock.instant().plus(Duration.ofHours(5)));
        sync();
        Instant fires = Instant.parse(schedule(id).orElseThrow().expression().replaceAll("at\\((.+)\\)", "$1Z"));
        assertThat(fires).isAfter(clock.instant()).isBefore(clock.instant().plus(Duration.ofSeconds(61)));
        assertThat(List.of(fire(id))).containsExactly("told");
        assertThat(told(id)).containsExactly(ExpiryNotice.WITHIN_A_DAY);
    }
}
