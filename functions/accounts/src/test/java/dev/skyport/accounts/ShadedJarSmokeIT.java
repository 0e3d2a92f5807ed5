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
        // The classes GET /me loaded when the build recorded it, every one found, and one signature checked.
        assertThat(output).containsPattern("primed [1-9][0-9]* classes before the snapshot \\(0 skipped\\)")
                .doesNotContain("priming the token check");
    }

    @Test
    void on_demand_it_builds_what_the_request_needs_and_primes_nothing() throws Exception {
        Map<String, String> env = ShadedJar.withSigningKeys(ShadedJar.lambdaLikeEnvironment());
        env.put("SKYPORT_EVENTS_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:platform-events");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        String output = ShadedJar.get(Path.of("target/skyport-accounts-lambda.jar"), AccountsHandler.class.getName(),
                "/me", env);
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated")
                .doesNotContain("primed GET").doesNotContain("priming the DynamoDB client")
                .doesNotContain("classes before the snapshot");
    }

    /**
     * The audit archive's function, from its jar (the API's code with S3's client) with the settings CDK gives it (the bucket, nothing of the API)
     * and, as CDK deploys it, without SnapStart: it starts without the token keys or the topic and writes the sample
     * batch to S3 through the jar's own SDK.
     */
    @Test
    void the_audit_archive_handler_starts_from_the_jar_and_writes_the_sample_batch() throws Exception {
        try (dev.skyport.testing.LocalS3Server s3 = new dev.skyport.testing.LocalS3Server("skyport-audit-archive")) {
            Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
            env.put("SKYPORT_AUDIT_ARCHIVE_BUCKET", "skyport-audit-archive");
            env.put("SKYPORT_AWS_ENDPOINTS_S3", s3.endpoint().toString());
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            String output = ShadedJar.event(Path.of("target/skyport-accounts-archive-lambda.jar"),
                    AuditArchiveHandler.class.getName(), "dynamodb-stream-audit.json", Map.of(), env);
            assertThat(output).contains("response={\"batchItemFailures\":[]}");
            assertThat(s3.keys("skyport-audit-archive")).containsExactly("audit/2026/12/06/200000000001.jsonl");
        }
    }
}
