package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar that CDK deploys starts on its own (no test classpath to hide a missing dependency) and answers
 * a request with the Lambda handler, configured only by environment variables as in AWS.
 */
class ShadedJarSmokeIT {

    @Test
    void the_shaded_lambda_jar_starts_and_answers() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("the shaded jar is missing: run the package phase"));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp",
                jar.toAbsolutePath() + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath(),
                ShadedJarProbe.class.getName()))
                .redirectErrorStream(true);
        builder.environment().put("AWS_REGION", "eu-west-1");
        builder.environment().put("AWS_ACCESS_KEY_ID", "smoke");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "smoke");
        builder.environment().put("SKYPORT_MAIL_SENDER", "noreply@skyport.test");
        builder.environment().put("SKYPORT_TABLES_USERS", "skyport-users");
        builder.environment().put("SKYPORT_SECURITY_SIGNING_KEY",
                Base64.getEncoder().encodeToString(dev.skyport.testing.SkyportTestProperties.SIGNING_KEY));
        builder.environment().put("MICRONAUT_SERVER_PORT", "-1");
        // Priming runs as in AWS, against an endpoint that refuses: the function must start anyway.
        builder.environment().put("SKYPORT_PRIME_CLIENTS", "true");
        builder.environment().put("SKYPORT_AWS_ENDPOINTS_DYNAMODB", "http://127.0.0.1:9");
        Process process = builder.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated")
                .contains("priming the DynamoDB client failed");
    }
}
