package dev.skyport.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.WsTicketIssuer;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.Connections;
import dev.skyport.notifications.application.NotificationRequests;
import dev.skyport.notifications.domain.Connection;
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

/**
 * The shaded jar CDK deploys starts on its own with the settings CDK gives it and answers a ping. It leaves out
 * Micronaut's HTTP server, router and client and micronaut-security ({@code LambdaJarsIT}), which the tests' classpath
 * brings back in part, so it also connects, receives a live event and disconnects through the jar, with the samples of
 * {@code events/} read as the Lambda runtime reads them.
 */
class ShadedJarSmokeIT {

    private static final Path JAR = Path.of("target/skyport-realtime-lambda.jar");

    @Test
    void the_shaded_lambda_jar_starts_and_answers_a_ping_with_pong() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_CONNECTIONS", "skyport-connections");
        env.put("SKYPORT_TABLES_NOTIFICATIONS", "skyport-notifications");
        env.put("SKYPORT_TABLES_CLUSTERS", "skyport-clusters");
        env.put("SKYPORT_REALTIME_CALLBACK_URL", "https://abc123def4.execute-api.eu-west-1.amazonaws.com/live");
        String output = ShadedJar.get(JAR, WebSocketHandler.class.getName(), "websocket:$default", env);
        assertThat(output).contains("status=200").contains("body={\"type\":\"pong\"}");
    }

    @Test
    void through_the_jar_a_ticket_opens_a_connection_an_event_reaches_it_and_a_disconnect_forgets_it()
            throws Exception {
        TableNames tables = DynamoDbLocalFixture.freshTables();
        Map<String, String> properties = DynamoDbLocalFixture.properties(tables);
        try (LocalManagementApi api = new LocalManagementApi();
             ApplicationContext context = ApplicationContext.builder().properties(new HashMap<>(properties)).start()) {
            Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
            env.putAll(ShadedJar.asEnvironment(properties));
            env.put("SKYPORT_REALTIME_CALLBACK_URL", api.callbackUrl().toString());
            UserId ada = new UserId(UUID.randomUUID().toString());
            String connection = UUID.randomUUID().toString().substring(0, 12) + "=";
            String ticket = context.getBean(WsTicketIssuer.class).issue(ada).ticket();

            String connected = ShadedJar.event(JAR, WebSocketHandler.class.getName(), "websocket-connect.json",
                    Map.of("CONNECTION_ID", connection, "TICKET", ticket), env);
            assertThat(connected).contains("\"statusCode\":200");
            Connections connections = context.getBean(Connections.class);
            assertThat(connections.of(ada)).extracting(Connection::id).containsExactly(connection);

            String delivered = ShadedJar.event(JAR, LiveEventsHandler.class.getName(),
                    "sns-cluster-status-changed.json",
                    Map.of("USER_ID", ada.value(), "EVENT_ID", UUID.randomUUID().toString()), env);
            assertThat(delivered).contains("response=null");
            assertThat(api.received(connection)).hasSize(2)
                    .anySatisfy(message -> assertThat(message).contains("\"type\":\"cluster.status\"")
                            .contains("\"status\":\"RUNNING\""))
                    .anySatisfy(message -> assertThat(message).contains("\"type\":\"notification\"")
                            .contains("Cluster demo is running"));
            assertThat(context.getBean(NotificationRequests.class).list(ada, false, Optional.empty(), 10)
                    .notifications()).hasSize(1);

            String disconnected = ShadedJar.event(JAR, WebSocketHandler.class.getName(), "websocket-disconnect.json",
                    Map.of("CONNECTION_ID", connection), env);
            assertThat(disconnected).contains("\"statusCode\":200");
            assertThat(connections.of(ada)).isEmpty();
        }
    }
}
