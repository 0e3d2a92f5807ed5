package dev.skyport.streampublisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ShadedJar;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shaded jar CDK deploys starts on its own with the settings CDK gives it and handles a batch. */
class ShadedJarSmokeIT {

    @Test
    void the_shaded_lambda_jar_starts_and_handles_a_stream_batch() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_CLUSTERS", "skyport-clusters");
        env.put("SKYPORT_EVENTS_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:platform-events");
        String output = ShadedJar.get(Path.of("target/skyport-stream-publisher-lambda.jar"),
                StreamPublisherHandler.class.getName(), "dynamodb-stream:empty", env);
        assertThat(output).contains("batch_item_failures=0");
    }
}
