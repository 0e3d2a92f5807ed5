package dev.skyport.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The real Secrets Manager client against a loopback server speaking its JSON 1.1 protocol. */
class SecretsManagerSigningKeySourceIT {

    private final List<String> targets = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile String secretString;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = ("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:skyport-key\","
                    + "\"Name\":\"skyport-key\",\"SecretString\":\"" + secretString + "\",\"VersionId\":\"v1\","
                    + "\"asked\":" + body + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SecretsManagerClient client() {
        return SecretsManagerClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void the_signing_key_is_read_once_from_the_secret() {
        secretString = "a".repeat(64);
        try (SecretsManagerClient client = client()) {
            SecretsManagerSigningKeySource source = new SecretsManagerSigningKeySource(client, "skyport-key");
            assertThat(source.signingKey()).isEqualTo("a".repeat(64).getBytes(StandardCharsets.UTF_8));
            assertThat(source.signingKey()).hasSize(64);
        }
        assertThat(targets).containsExactly("secretsmanager.GetSecretValue");
    }

    @Test
    void a_key_shorter_than_256_bits_is_refused_at_start() {
        secretString = "short";
        try (SecretsManagerClient client = client()) {
            assertThatThrownBy(() -> new SecretsManagerSigningKeySource(client, "skyport-key"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("at least 32 bytes");
        }
    }
}
