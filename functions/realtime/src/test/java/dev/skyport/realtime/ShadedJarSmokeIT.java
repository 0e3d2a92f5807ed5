package dev.skyport.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.WsTicketIssuer;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.Connections;
import dev.skyport.notifications.application.NotificationRequests;
import dev.skyport.notifications.domain.Connection;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.ShadedJar;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shaded jar CDK deploys starts on its own with the settings CDK gives it and answers a ping. It leaves out
 * Micronaut's HTTP server, router and client and micronaut-security ({@code LambdaJarsIT}), which the tests' classpath
 * brings back in part, so it also connects, receives a live event and a task's log lines, and disconnects through
 * the jar, with the samples of {@code events/} read as the Lambda runtime reads them.
 */
class ShadedJarSmokeIT {

    private static final Path JAR = Path.of("target/skyport-realtime-lambda.jar");
    /** The run whose Terraform task wrote the lines of {@code events/cloudwatch-logs-run.json}, and their stream. */
    private static final String RUN = "019a8f3e-5b2c-7d41-9a1e-3c5d7e9f1a2b";
    private static final String LOG_STREAM = "terraform/terraform/5f2b1c0d9e8f4a7b6c5d4e3f2a1b0c9d";

    @Test
    void the_shaded_lambda_jar_starts_and_answers_a_ping_with_pong() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_CONNECTIONS", "skyport-connections");
        env.put("SKYPORT_TABLES_NOTIFICATIONS", "skyport-notifications");
        env.put("SKYPORT_TABLES_CLUSTERS", "skyport-clusters");
        env.put("SKYPORT_REALTIME_CALLBACK_URL", "https://abc123def4.execute-api.eu-west-1.amazonaws.com/live");
        String output = ShadedJar.get(JAR, WebSocketHandler.class.getName(), "websocket:$default", env);
        assertThat(output).contains("status=200").contains("body={\"type\":\"pong\"}");
        // A SnapStart init: the classes the build saw the ping load were primed, every one found.
        assertThat(output).containsPattern("primed [1-9][0-9]* classes before the snapshot \\(0 skipped\\)");
    }

    @Test
    void through_the_jar_a_ticket_opens_a_connection_an_event_reaches_it_and_a_disconnect_forgets_it()
            throws Exception {
        try (OnFreshTables jar = new OnFreshTables()) {
            UserId ada = new UserId(UUID.randomUUID().toString());
            String connection = jar.connect(ada);
            Connections connections = jar.context.getBean(Connections.class);
            assertThat(connections.of(ada)).extracting(Connection::id).containsExactly(connection);

            assertThat(jar.send(LiveEventsHandler.class, "sns-cluster-status-changed.json",
                    Map.of("USER_ID", ada.value(), "EVENT_ID", UUID.randomUUID().toString())))
                    .contains("response=null");
            assertThat(jar.api.received(connection)).hasSize(2)
                    .anySatisfy(message -> assertThat(message).contains("\"type\":\"cluster.status\"")
                            .contains("\"status\":\"RUNNING\""))
                    .anySatisfy(message -> assertThat(message).contains("\"type\":\"notification\"")
                            .contains("Cluster demo is running"));
            assertThat(jar.context.getBean(NotificationRequests.class).list(ada, false, Optional.empty(), 10)
                    .notifications()).hasSize(1);

            assertThat(jar.send(WebSocketHandler.class, "websocket-disconnect.json",
                    Map.of("CONNECTION_ID", connection))).contains("\"statusCode\":200");
            assertThat(connections.of(ada)).isEmpty();
        }
    }

    @Test
    void through_the_jar_a_tasks_log_lines_reach_the_runs_owner_once_however_often_delivered() throws Exception {
        try (OnFreshTables jar = new OnFreshTables()) {
            UserId ada = new UserId(UUID.randomUUID().toString());
            String connection = jar.connect(ada);
            // What a Terraform task does when it starts: it names its log stream (the sample's) on its run.
            jar.context.getBean(DynamoDbClient.class).putItem(b -> b.tableName(
                    jar.tables.nameOf(SkyportTables.CLUSTERS)).item(Map.of(
                            "pk", AttributeValue.fromS("CLUSTER#7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                            "sk", AttributeValue.fromS("RUN#" + RUN), "runId", AttributeValue.fromS(RUN),
                            "owner", AttributeValue.fromS(ada.value()),
                            "logStream", AttributeValue.fromS(LOG_STREAM))));

            for (int delivery = 0; delivery < 2; delivery++) {
                assertThat(jar.send(RunLogsHandler.class, "cloudwatch-logs-run.json", Map.of()))
                        .contains("response=null");
            }
            assertThat(jar.api.received(connection)).hasSize(3).allSatisfy(message -> assertThat(message)
                    .contains("\"type\":\"cluster.log\"").contains("\"run_id\":\"" + RUN + "\""));
            assertThat(jar.api.received(connection).get(1)).contains("\"seq\":2")
                    .contains("\"line\":\"Initializing the backend...\"");
        }
    }

    /**
     * The jar on fresh DynamoDB Local tables with what CDK gives it, the loopback Management API as its callback URL,
     * and a test context on the same tables to issue tickets and read what the jar wrote.
     */
    private static final class OnFreshTables implements AutoCloseable {

        final TableNames tables = DynamoDbLocalFixture.freshTables();
        final LocalManagementApi api = new LocalManagementApi();
        final ApplicationContext context;
        final Map<String, String> env = ShadedJar.lambdaLikeEnvironment();

        OnFreshTables() {
            Map<String, String> properties = DynamoDbLocalFixture.properties(tables);
            context = ApplicationContext.builder().properties(new HashMap<>(properties)).start();
            env.putAll(ShadedJar.asEnvironment(properties));
            env.put("SKYPORT_REALTIME_CALLBACK_URL", api.callbackUrl().toString());
        }

        /** Sends the handler in the jar an {@code events/} sample: what the probe printed. */
        String send(Class<?> handler, String sample, Map<String, String> replacements) throws Exception {
            return ShadedJar.event(JAR, handler.getName(), sample, replacements, env);
        }

        /** Connects through the jar with a ticket issued to the person: the connection's id. */
        String connect(UserId person) throws Exception {
            String connection = UUID.randomUUID().toString().substring(0, 12) + "=";
            String ticket = context.getBean(WsTicketIssuer.class).issue(person, Optional.empty()).ticket();
            assertThat(send(WebSocketHandler.class, "websocket-connect.json",
                    Map.of("CONNECTION_ID", connection, "TICKET", ticket))).contains("\"statusCode\":200");
            return connection;
        }

        @Override
        public void close() {
            try (api) {
                context.close();
            }
        }
    }
}
