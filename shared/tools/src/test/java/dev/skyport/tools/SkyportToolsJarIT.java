package dev.skyport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.skyport.platform.security.TokenKeySets;
import dev.skyport.testing.LocalSecretsManagerServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as an operator runs it ({@code java -jar shared/tools/target/skyport-tools.jar token-keys ...}),
 * its manifest and target/lib included, against a loopback server speaking Secrets Manager's protocol. Fails, not
 * skips, when the jar is missing.
 */
class SkyportToolsJarIT {

    private static final Path JAR = Path.of("target", "skyport-tools.jar");

    private final LocalSecretsManagerServer server = new LocalSecretsManagerServer();
    private final String signingSecret = server.create("token-signing-keys", TokenKeySets.NO_KEYS_YET);
    private final String verificationSecret = server.create("token-verification-keys", TokenKeySets.NO_KEYS_YET);

    @AfterEach
    void stop() {
        server.close();
    }

    private record Run(int exitCode, String output) {
    }

    private Run tools(String... args) throws Exception {
        return tools(Map.of(), args);
    }

    private Run tools(Map<String, String> environment, String... args) throws Exception {
        assertThat(JAR).as("the tools jar (mvn package builds it)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private Run tokenKeys(String step) throws Exception {
        return tools("token-keys", step, "--signing-secret-id", signingSecret, "--verification-secret-id",
                verificationSecret, "--region", "us-east-1", "--endpoint", server.endpoint().toString());
    }

    @Test
    void token_keys_init_makes_the_first_key_and_status_names_it() throws Exception {
        Run init = tokenKeys("init");
        assertThat(init.exitCode()).as(init.output()).isZero();
        assertThat(init.output()).contains("made the first key");
        JWKSet signing = JWKSet.parse(server.secrets().get(signingSecret).value());
        String kid = signing.getKeys().getFirst().getKeyID();
        assertThat(JWKSet.parse(server.secrets().get(verificationSecret).value()).getKeys())
                .allMatch(key -> !key.isPrivate() && key.getKeyID().equals(kid));

        Run status = tokenKeys("status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("signs:     " + kid)
                .doesNotContain(signing.getKeys().getFirst().toJSONObject().get("d").toString());
    }

    @Test
    void token_keys_without_a_region_says_in_one_line_what_to_set() throws Exception {
        // No region anywhere: no AWS_REGION, a profile file that does not exist, no instance metadata to ask.
        Run run = tools(Map.of("AWS_CONFIG_FILE", Path.of("target", "no-aws-config").toAbsolutePath().toString(),
                        "AWS_EC2_METADATA_DISABLED", "true"), "token-keys", "status", "--signing-secret-id",
                signingSecret, "--verification-secret-id", verificationSecret, "--endpoint",
                server.endpoint().toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output().strip().lines()).as(run.output()).hasSize(1);
        assertThat(run.output()).contains("--region").contains("AWS_REGION").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void a_wrong_command_line_is_a_usage_error() throws Exception {
        Run none = tools();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.output()).contains("usage: java -jar skyport-tools.jar token-keys");
        assertThat(tools("token-keys", "init").exitCode()).as("without the secrets").isEqualTo(2);
        assertThat(tokenKeys("rotate-everything").exitCode()).isEqualTo(2);
    }
}
