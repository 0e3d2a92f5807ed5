package dev.skyport.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ShadedJar;
import java.nio.file.Path;
import java.util.Map;
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
}
