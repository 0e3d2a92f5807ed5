package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ShadedJar;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shaded jar that CDK deploys starts on its own and answers a request with the Lambda handler. */
class ShadedJarSmokeIT {

    @Test
    void the_shaded_lambda_jar_starts_and_answers() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_MAIL_SENDER", "noreply@skyport.test");
        String output = ShadedJar.get(Path.of("target/skyport-auth-lambda.jar"), AuthHandler.class.getName(),
                "/auth/session", env);
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated")
                .contains("priming the DynamoDB client failed");
    }
}
