package dev.skyport.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.ShadedJar;
import dev.skyport.testing.TestAccessTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shaded jar CDK deploys starts on its own with the settings CDK gives it and answers with the handler. */
class ShadedJarSmokeIT {

    @Test
    void the_shaded_lambda_jar_starts_and_answers() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_NOTIFICATIONS", "skyport-notifications");
        String output = ShadedJar.get(Path.of("target/skyport-notifications-lambda.jar"),
                NotificationsHandler.class.getName(), "/notifications", env);
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated");
    }

    /** The deployed jar holds query values as strictly as the local platform: {@code unread=anything} is refused. */
    @Test
    void the_shaded_jar_refuses_a_query_flag_that_is_neither_true_nor_false() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.putAll(ShadedJar.asEnvironment(DynamoDbLocalFixture.properties(DynamoDbLocalFixture.freshTables())));
        String token = TestAccessTokens.sessionless(UUID.randomUUID().toString(), "ada", Instant.now(),
                Duration.ofMinutes(15));
        String output = ShadedJar.event(Path.of("target/skyport-notifications-lambda.jar"),
                NotificationsHandler.class.getName(), "notifications-list-loose-flag.json",
                Map.of("ACCESS_TOKEN_FROM_LOGIN", token), env);
        assertThat(output).contains("\"statusCode\":400").contains("problems/malformed-request")
                .contains("unread must be true or false");
    }

    /**
     * The channels' two event functions start from the same jar with what CDK gives them (their table, the delivery
     * queue's URL) and handle the samples: an event for someone without channels queues nothing, and queue messages
     * whose delivery does not exist, or that are not deliveries, are dropped rather than retried.
     */
    @Test
    void the_shaded_jar_runs_the_channel_event_and_delivery_handlers() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.putAll(ShadedJar.asEnvironment(DynamoDbLocalFixture.properties(DynamoDbLocalFixture.freshTables())));
        env.put("SKYPORT_CHANNELS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/channel-deliveries");
        Path jar = Path.of("target/skyport-notifications-lambda.jar");
        String events = ShadedJar.event(jar, ChannelEventsHandler.class.getName(), "sns-cluster-status-changed.json",
                Map.of("USER_ID", UUID.randomUUID().toString(), "EVENT_ID", UUID.randomUUID().toString()), env);
        assertThat(events).contains("queued for 0 channels");
        String deliveries = ShadedJar.event(jar, ChannelDeliveryHandler.class.getName(),
                "sqs-channel-deliveries.json", Map.of("USER_ID", UUID.randomUUID().toString(),
                        "CHANNEL_ID", "ep_none", "DELIVERY_ID", "msg_none"), env);
        assertThat(deliveries).contains("DROPPED").doesNotContain("itemIdentifier")
                .contains("not a delivery message");
    }
}
