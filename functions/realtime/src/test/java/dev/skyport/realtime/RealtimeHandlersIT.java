package dev.skyport.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.identity.application.PersonalTokens;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.application.WsTicketIssuer;
import dev.skyport.identity.application.WsTickets;
import dev.skyport.kernel.PersonalTokenText;
import dev.skyport.identity.testing.People;
import dev.skyport.notifications.application.Connections;
import dev.skyport.notifications.application.NotificationRequests;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.MutableClock;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The realtime function's three handlers invoked with the samples of {@code events/}: WebSocket routes, platform
 * events from SNS, and task log lines from CloudWatch Logs, pushing through a local Management API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealtimeHandlersIT {

    private static final String CLUSTER = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String RUN = "019a8f3e-5b2c-7d41-9a1e-3c5d7e9f1a2b";

    private final LocalSesServer ses = new LocalSesServer();
    private final LocalManagementApi api = new LocalManagementApi();
    private ApplicationContext context;
    private WebSocketHandler webSocket;
    private LiveEventsHandler events;
    private RunLogsHandler logs;
    private Session ada;
    private Session bob;

    @BeforeAll
    void start() {
        Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.put("skyport.realtime.callback-url", api.callbackUrl().toString());
        context = ApplicationContext.builder().properties(properties).eagerInitSingletons(true).start();
        webSocket = new WebSocketHandler(context);
        events = new LiveEventsHandler(context);
        logs = new RunLogsHandler(context);
        ada = People.signedIn(context, ses, "ada@example.com", "ada");
        bob = People.signedIn(context, ses, "bob@example.com", "bob");
    }

    @AfterAll
    void stop() {
        webSocket.close();
        api.close();
        ses.close();
    }

    private String ticket(Session session) {
        return context.getBean(WsTicketIssuer.class).issue(session.user().id(), Optional.of(session.sessionId()))
                .ticket();
    }

    private APIGatewayV2WebSocketResponse ws(String sample, String connection, String ticket) {
        return webSocket.handleRequest(LambdaEvents.read(sample, APIGatewayV2WebSocketEvent.class,
                Map.of("CONNECTION_ID", connection, "TICKET", ticket)), new MockLambdaContext());
    }

    private String connect(Session session) {
        String connection = UUID.randomUUID().toString().substring(0, 12) + "=";
        assertThat(ws("websocket-connect.json", connection, ticket(session)).getStatusCode()).isEqualTo(200);
        return connection;
    }

    private List<String> connectionsOf(Session session) {
        return context.getBean(Connections.class).of(session.user().id()).stream()
                .map(dev.skyport.notifications.domain.Connection::id).toList();
    }

    private void deliver(Session to, String eventId) {
        events.handleRequest(LambdaEvents.read("sns-cluster-status-changed.json", SNSEvent.class,
                Map.of("USER_ID", to.user().id().value(), "EVENT_ID", eventId)), new MockLambdaContext());
    }

    private static List<JsonNode> json(List<String> messages) {
        return messages.stream().map(text -> {
            try {
                return LambdaEvents.JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void connect_redeems_a_ticket_once_and_refuses_a_missing_reused_or_expired_one() {
        String ticket = ticket(ada);
        assertThat(ws("websocket-connect.json", "first=", ticket).getStatusCode()).isEqualTo(200);
        assertThat(ws("websocket-connect.json", "second=", ticket).getStatusCode()).isEqualTo(401);
        assertThat(ws("websocket-connect-no-ticket.json", "third=", "").getStatusCode()).isEqualTo(401);
        assertThat(ws("websocket-connect.json", "fourth=", "made-up-ticket").getStatusCode()).isEqualTo(401);

        String late = ticket(ada);
        context.getBean(MutableClock.class).advance(Duration.ofMinutes(2));
        assertThat(ws("websocket-connect.json", "fifth=", late).getStatusCode()).isEqualTo(401);

        assertThat(connectionsOf(ada)).contains("first=").doesNotContain("second=", "third=", "fourth=", "fifth=");
        assertThat(ws("websocket-disconnect.json", "first=", "").getStatusCode()).isEqualTo(200);
        assertThat(connectionsOf(ada)).doesNotContain("first=");
    }

    @Test
    void ping_gets_pong_and_anything_else_a_polite_refusal() throws Exception {
        String connection = connect(ada);
        APIGatewayV2WebSocketResponse pong = ws("websocket-ping.json", connection, "");
        assertThat(LambdaEvents.JSON.readTree(pong.getBody()).path("type").asText()).isEqualTo("pong");
        JsonNode refusal = LambdaEvents.JSON.readTree(ws("websocket-unsupported.json", connection, "").getBody());
        assertThat(refusal.path("type").asText()).isEqualTo("error");
        assertThat(refusal.path("code").asText()).isEqualTo("unsupported-message");
    }

    @Test
    void an_event_becomes_one_notification_pushed_to_each_of_its_owners_connections_and_nobody_elses() {
        String phone = connect(ada);
        String laptop = connect(ada);
        String bobs = connect(bob);
        String eventId = UUID.randomUUID().toString();

        deliver(ada, eventId);
        deliver(ada, eventId);

        for (String connection : List.of(phone, laptop)) {
            List<JsonNode> received = json(api.received(connection));
            assertThat(received).extracting(message -> message.path("type").asText())
                    .containsExactly("cluster.status", "notification", "cluster.status");
            assertThat(received.getFirst().path("status").asText()).isEqualTo("RUNNING");
            assertThat(received.getFirst().path("previous").asText()).isEqualTo("PROVISIONING");
            assertThat(received.getFirst().path("version").asLong()).isEqualTo(3);
            assertThat(received.get(1).path("notification").path("title").asText())
                    .isEqualTo("Cluster demo is running");
            assertThat(received.get(1).path("notification").path("resource").asText())
                    .isEqualTo("/clusters/" + CLUSTER);
        }
        assertThat(api.received(bobs)).isEmpty();
        assertThat(context.getBean(NotificationRequests.class).list(ada.user().id(), false, Optional.empty(), 10)
                .notifications()).hasSize(1);
        assertThat(context.getBean(NotificationRequests.class).unreadCount(ada.user().id())).isEqualTo(1);
    }

    @Test
    void a_closed_connection_is_forgotten_and_a_failing_one_loses_no_notification() {
        Session cy = People.signedIn(context, ses, "cyd@example.com", "cyd");
        String closed = connect(cy);
        String failing = connect(cy);
        String fine = connect(cy);
        api.gone(closed);
        api.broken(failing);

        deliver(cy, UUID.randomUUID().toString());

        assertThat(connectionsOf(cy)).containsExactlyInAnyOrder(failing, fine);
        assertThat(json(api.received(fine))).hasSize(2);
        assertThat(context.getBean(NotificationRequests.class).unreadCount(cy.user().id())).isEqualTo(1);
    }

    @Test
    void a_deleted_account_takes_its_notifications_with_it_and_nobody_elses() {
        Session erin = People.signedIn(context, ses, "erin@example.com", "erin");
        Session fay = People.signedIn(context, ses, "fay@example.com", "fay");
        deliver(erin, UUID.randomUUID().toString());
        deliver(fay, UUID.randomUUID().toString());
        String erins = connect(erin);
        NotificationRequests notifications = context.getBean(NotificationRequests.class);
        assertThat(notifications.unreadCount(erin.user().id())).isEqualTo(1);

        events.handleRequest(LambdaEvents.read("sns-user-deleted.json", SNSEvent.class,
                Map.of("USER_ID", erin.user().id().value())), new MockLambdaContext());

        assertThat(notifications.list(erin.user().id(), false, Optional.empty(), 10).notifications()).isEmpty();
        assertThat(api.closed(erins)).as("a deleted account's connections are closed").isTrue();
        assertThat(connectionsOf(erin)).isEmpty();
        assertThat(notifications.unreadCount(erin.user().id())).isZero();
        assertThat(notifications.unreadCount(fay.user().id())).isEqualTo(1);
    }

    @Test
    void a_reset_password_closes_the_persons_connections_once_they_are_told_and_nobody_elses() throws Exception {
        Session gil = People.signedIn(context, ses, "gil@example.com", "gil");
        String laptop = connect(gil);
        String stolen = connect(gil); // a session someone else had: the reset ended it
        String bobs = connect(bob);

        events.handleRequest(LambdaEvents.read("sns-user-password-changed.json", SNSEvent.class,
                Map.of("USER_ID", gil.user().id().value(), "EVENT_ID", UUID.randomUUID().toString())),
                new MockLambdaContext());

        for (String connection : List.of(laptop, stolen)) {
            // Told first, then closed and forgotten: nothing more reaches a connection of an ended session.
            assertThat(json(api.received(connection))).singleElement()
                    .satisfies(message -> assertThat(message.path("notification").path("kind").asText())
                            .isEqualTo("account.password-reset"));
            assertThat(api.closed(connection)).isTrue();
        }
        assertThat(connectionsOf(gil)).isEmpty();
        assertThat(api.closed(bobs)).isFalse();
        assertThat(connectionsOf(bob)).contains(bobs);
        // The person's own client opens a new connection with a fresh ticket from its live session.
        String again = connect(gil);
        assertThat(connectionsOf(gil)).containsExactly(again);
    }

    @Test
    void revoking_a_token_closes_what_its_tickets_opened_and_refuses_the_tickets_it_got_before() {
        Session hal = People.signedIn(context, ses, "hal@example.com", "hal");
        PersonalTokens tokens = context.getBean(PersonalTokens.class);
        PersonalTokens.IssuedToken token = tokens.create(hal.user().id(), "watcher", List.of("read"), 7);
        String hash = PersonalTokenText.hashIfWellFormed(token.text()).orElseThrow();
        WsTicketIssuer issuer = context.getBean(WsTicketIssuer.class);
        String script = UUID.randomUUID().toString().substring(0, 12) + "=";
        assertThat(ws("websocket-connect.json", script, issuer.issue(new WsTickets.Holder(hal.user().id(),
                Optional.empty(), Optional.of(hash))).ticket()).getStatusCode()).isEqualTo(200);
        String unused = issuer.issue(new WsTickets.Holder(hal.user().id(), Optional.empty(), Optional.of(hash)))
                .ticket();
        String browser = connect(hal);

        tokens.revoke(hal.user().id(), token.token().id());
        events.handleRequest(LambdaEvents.read("sns-user-token-revoked.json", SNSEvent.class,
                Map.of("USER_ID", hal.user().id().value(), "TOKEN_ID", token.token().id(),
                        "EVENT_ID", UUID.randomUUID().toString())), new MockLambdaContext());

        assertThat(api.closed(script)).as("the revoked token's connection is closed").isTrue();
        assertThat(connectionsOf(hal)).containsExactly(browser);
        assertThat(api.closed(browser)).isFalse();
        String late = UUID.randomUUID().toString().substring(0, 12) + "=";
        assertThat(ws("websocket-connect.json", late, unused).getStatusCode()).isEqualTo(401);
        assertThat(connectionsOf(hal)).containsExactly(browser);
    }

    @Test
    void a_ticket_of_a_session_that_signed_out_since_is_refused() {
        Session ivy = People.signedIn(context, ses, "ivy@example.com", "ivy");
        String ticket = ticket(ivy);
        context.getBean(Sessions.class).end(ivy.refreshToken());

        String connection = UUID.randomUUID().toString().substring(0, 12) + "=";
        assertThat(ws("websocket-connect.json", connection, ticket).getStatusCode()).isEqualTo(401);
        assertThat(connectionsOf(ivy)).isEmpty();
    }

    @Test
    void task_log_lines_reach_the_runs_owner_numbered_once_however_often_delivered() {
        Session dee = People.signedIn(context, ses, "dee@example.com", "dee");
        String connection = connect(dee);
        String bobs = connect(bob);
        // What the task does when it starts: it names its log stream on its run (which carries the owner).
        DynamoDbClient dynamoDb = context.getBean(DynamoDbClient.class);
        dynamoDb.putItem(b -> b.tableName(context.getBean(TableNames.class).nameOf(SkyportTables.CLUSTERS))
                .item(Map.of("pk", AttributeValue.fromS("CLUSTER#" + CLUSTER), "sk", AttributeValue.fromS("RUN#" + RUN),
                        "runId", AttributeValue.fromS(RUN), "owner", AttributeValue.fromS(dee.user().id().value()),
                        "logStream", AttributeValue.fromS("terraform/terraform/5f2b1c0d9e8f4a7b6c5d4e3f2a1b0c9d"))));

        CloudWatchLogsEvent delivery = LambdaEvents.read("cloudwatch-logs-run.json", CloudWatchLogsEvent.class,
                Map.of());
        logs.handleRequest(delivery, new MockLambdaContext());
        logs.handleRequest(delivery, new MockLambdaContext());

        List<JsonNode> received = json(api.received(connection));
        assertThat(received).extracting(message -> message.path("type").asText()).containsOnly("cluster.log");
        assertThat(received).extracting(message -> message.path("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(received.get(1).path("line").asText()).isEqualTo("Initializing the backend...");
        assertThat(received.get(1).path("cluster_id").asText()).isEqualTo(CLUSTER);
        assertThat(received.get(1).path("run_id").asText()).isEqualTo(RUN);
        assertThat(api.received(bobs)).isEmpty();
    }
}
