package dev.skyport.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ShadedJar;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shaded jar CDK deploys starts on its own with the settings CDK gives it and answers a ping. */
class ShadedJarSmokeIT {

    @Test
    void the_shaded_lambda_jar_starts_and_answers_a_ping_with_pong() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_CONNECTIONS", "skyport-connections");
        env.put("SKYPORT_TABLES_NOTIFICATIONS", "skyport-notifications");
        env.put("SKYPORT_TABLES_CLUSTERS", "skyport-clusters");
        env.put("SKYPORT_REALTIME_CALLBACK_URL", "https://abc123def4.execute-api.eu-west-1.amazonaws.com/live");
        String output = ShadedJar.get(Path.of("target/skyport-realtime-lambda.jar"),
                WebSocketHandler.class.getName(), "websocket:$default", env);
        assertThat(output).contains("status=200").contains("body={\"type\":\"pong\"}");
    }
}
