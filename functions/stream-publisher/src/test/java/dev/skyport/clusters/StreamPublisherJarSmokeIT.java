package dev.skyport.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.LocalSnsServer;
import dev.skyport.testing.ShadedJar;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar CDK deploys starts on its own with the settings CDK gives it and handles a batch. It leaves out
 * Micronaut's HTTP server, router and client and micronaut-security ({@code LambdaJarsIT}), which the tests' classpath
 * brings back in part, so it also publishes a batch of the samples of {@code events/} through the jar, read as the Lambda
 * runtime reads it.
 */
class StreamPublisherJarSmokeIT {

    private static final Path JAR = Path.of("target/skyport-stream-publisher-lambda.jar");
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:platform-events";

    private static Map<String, String> environment() {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_CLUSTERS", "skyport-clusters");
        env.put("SKYPORT_EVENTS_TOPIC_ARN", TOPIC);
        return env;
    }

    @Test
    void the_shaded_lambda_jar_starts_and_handles_a_stream_batch() throws Exception {
        String output = ShadedJar.get(JAR, StreamPublisherHandler.class.getName(), "dynamodb-stream:empty",
                environment());
        assertThat(output).contains("batch_item_failures=0");
    }

    @Test
    void through_the_jar_each_status_change_of_a_batch_is_published_in_order() throws Exception {
        try (LocalSnsServer sns = new LocalSnsServer()) {
            Map<String, String> env = environment();
            env.put("SKYPORT_AWS_ENDPOINTS_SNS", sns.endpoint().toString());
            // The transitions' audit entries, in DynamoDB Local.
            var tables = dev.skyport.testing.DynamoDbLocalFixture.freshTables();
            String audit = tables.nameOf(dev.skyport.platform.dynamodb.SkyportTables.AUDIT);
            env.put("SKYPORT_AWS_ENDPOINTS_DYNAMODB", dev.skyport.testing.DynamoDbLocalFixture.endpoint().toString());
            env.put("SKYPORT_TABLES_AUDIT", audit);
            String output = ShadedJar.event(JAR, StreamPublisherHandler.class.getName(),
                    "dynamodb-stream-clusters.json", Map.of(), env);
            assertThat(output).contains("response={\"batchItemFailures\":[]}");
            assertThat(sns.published()).hasSize(3).allSatisfy(publish -> assertThat(publish)
                    .containsEntry("TopicArn", TOPIC).containsValue("cluster.status-changed"));
            assertThat(sns.published()).extracting(publish -> publish.get("Message"))
                    .satisfiesExactly(requested -> assertThat(requested).contains("\"status\":\"REQUESTED\""),
                            provisioning -> assertThat(provisioning).contains("\"status\":\"PROVISIONING\""),
                            running -> assertThat(running).contains("\"status\":\"RUNNING\""));
            assertThat(dev.skyport.testing.DynamoDbLocalFixture.client().scan(scan -> scan.tableName(audit)).items())
                    .hasSize(3).allSatisfy(item -> assertThat(item.get("actorKind").s()).isEqualTo("workflow"));
        }
    }
}
