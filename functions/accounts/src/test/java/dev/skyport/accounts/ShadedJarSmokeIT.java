package dev.skyport.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ShadedJar;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar that CDK deploys starts on its own, with only the settings CDK gives this function (no e-mail
 * sender: the accounts function sends no mail), and answers a request with the Lambda handler.
 */
class ShadedJarSmokeIT {

    @Test
    void the_shaded_lambda_jar_starts_and_answers() throws Exception {
        Map<String, String> env = ShadedJar.withSigningKeys(ShadedJar.lambdaLikeEnvironment());
        env.put("SKYPORT_EVENTS_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:platform-events");
        String output = ShadedJar.get(Path.of("target/skyport-accounts-lambda.jar"), AccountsHandler.class.getName(),
                "/me", env);
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated");
        // A SnapStart init: the HTTP path was primed with one refused request before the first real one.
        // (the JSON log line escapes the slash)
        assertThat(output).contains("primed GET \\/me before the snapshot: 401")
                .doesNotContain("priming the HTTP path failed");
    }

    @Test
    void on_demand_it_builds_what_the_request_needs_and_primes_nothing() throws Exception {
        Map<String, String> env = ShadedJar.withSigningKeys(ShadedJar.lambdaLikeEnvironment());
        env.put("SKYPORT_EVENTS_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:platform-events");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        String output = ShadedJar.get(Path.of("target/skyport-accounts-lambda.jar"), AccountsHandler.class.getName(),
                "/me", env);
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated")
                .doesNotContain("primed GET").doesNotContain("priming the DynamoDB client");
    }
}
