package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.ShadedJar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shaded jar that CDK deploys starts on its own and answers a request with the Lambda handler. */
class ShadedJarSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIL_QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/skyport-mail";

    @Test
    void the_shaded_lambda_jar_starts_and_answers() throws Exception {
        Map<String, String> env = ShadedJar.withSigningKeys(ShadedJar.lambdaLikeEnvironment());
        env.put("SKYPORT_MAIL_SENDER", "noreply@skyport.test");
        env.put("SKYPORT_MAIL_QUEUE_URL", MAIL_QUEUE); // as CDK sets both (AuthFunction)
        String output = ShadedJar.get(Path.of("target/skyport-auth-lambda.jar"), AuthHandler.class.getName(),
                "/auth/session", env);
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated")
                .contains("priming the DynamoDB client failed");
    }

    @Test
    void the_lambda_jar_logs_json_lines_carrying_the_request_id_and_whether_it_was_a_cold_start() throws Exception {
        Map<String, String> env = ShadedJar.withSigningKeys(ShadedJar.lambdaLikeEnvironment());
        env.put("SKYPORT_MAIL_SENDER", "noreply@skyport.test");
        env.put("SKYPORT_MAIL_QUEUE_URL", MAIL_QUEUE); // as CDK sets both (AuthFunction)
        // DynamoDB refuses, so each invocation logs its unexpected failure while it runs.
        env.put("SKYPORT_PROBE_BODY", "{\"token\":\"unknown-token\"}");
        String output = ShadedJar.get(Path.of("target/skyport-auth-lambda.jar"), AuthHandler.class.getName(),
                "/auth/verify", env);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.isBlank() || line.startsWith("status=") || line.startsWith("body=") || line.startsWith("probe ")
                    || line.startsWith("WARNING:")) {
                continue; // what the probe and the JVM print, not the function's logging
            }
            JsonNode json = JSON.readTree(line);
            assertThat(json.isObject()).as("a JSON log line: %s", line).isTrue();
            lines.add(json);
        }
        assertThat(lines).anySatisfy(line -> assertThat(line.path("formattedMessage").asText())
                .contains("priming the DynamoDB client failed"));
        List<JsonNode> failures = lines.stream()
                .filter(line -> line.path("formattedMessage").asText().startsWith("unexpected failure on POST /auth/verify"))
                .toList();
        assertThat(failures).as(output).hasSize(2);
        assertThat(failures.get(0).path("level").asText()).isEqualTo("ERROR");
        assertThat(failures.get(0).path("mdc").path("AWSRequestId").asText()).isEqualTo("probe-request-1");
        assertThat(failures.get(0).path("mdc").path("coldStart").asText()).isEqualTo("true");
        assertThat(failures.get(1).path("mdc").path("AWSRequestId").asText()).isEqualTo("probe-request-2");
        assertThat(failures.get(1).path("mdc").path("coldStart").asText()).isEqualTo("false");
        assertThat(output).doesNotContain("unknown-token");
    }

    /**
     * The deployed jar binds a body through the servlet binder of the API Gateway proxy (no Netty in it, unlike the
     * test classpath): a sign-up whose username is a number is refused there too, naming the field.
     */
    @Test
    void the_shaded_jar_refuses_a_body_of_the_wrong_json_type_naming_the_field() throws Exception {
        Map<String, String> env = ShadedJar.withSigningKeys(ShadedJar.lambdaLikeEnvironment());
        env.put("SKYPORT_MAIL_SENDER", "noreply@skyport.test");
        env.put("SKYPORT_MAIL_QUEUE_URL", MAIL_QUEUE); // as CDK sets both (AuthFunction)
        env.putAll(ShadedJar.asEnvironment(DynamoDbLocalFixture.properties(DynamoDbLocalFixture.freshTables())));
        String output = ShadedJar.event(Path.of("target/skyport-auth-lambda.jar"), AuthHandler.class.getName(),
                "auth-signup-wrong-type.json", Map.of(), env);
        assertThat(output).contains("\"statusCode\":400").contains("problems/malformed-request")
                .contains("username must be a string");
    }
}
