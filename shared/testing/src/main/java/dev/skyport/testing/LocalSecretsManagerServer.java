package dev.skyport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A loopback server speaking the Secrets Manager JSON 1.1 protocol (CreateSecret, GetSecretValue, PutSecretValue,
 * DeleteSecret), so the real SDK client and the real secret store adapter run in tests.
 */
public final class LocalSecretsManagerServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is stored under each ARN. */
    public record StoredSecret(String name, String value, Map<String, String> tags, boolean deleted,
                               Long recoveryDays) {
    }

    private final HttpServer server;
    private final Map<String, StoredSecret> secrets = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    public LocalSecretsManagerServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        ObjectNode answer = JSON.createObjectNode();
        int status = 200;
        switch (target == null ? "" : target.substring(target.indexOf('.') + 1)) {
            case "CreateSecret" -> {
                String name = request.path("Name").asText();
                if (secrets.values().stream().anyMatch(s -> s.name().equals(name))) {
                    status = 400;
                    answer.put("__type", "ResourceExistsException").put("message", "exists");
                } else {
                    String arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-Ab12Cd";
                    Map<String, String> tags = new ConcurrentHashMap<>();
                    request.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
                    secrets.put(arn, new StoredSecret(name, request.path("SecretString").asText(), tags, false, null));
                    answer.put("ARN", arn).put("Name", name).put("VersionId", "v1");
                }
            }
            case "GetSecretValue", "PutSecretValue", "DeleteSecret" -> {
                String arn = request.path("SecretId").asText();
                StoredSecret secret = secrets.get(arn);
                if (secret == null || secret.deleted()) {
                    status = 400;
                    answer.put("__type", "ResourceNotFoundException").put("message", "no such secret");
                } else if (target.endsWith("GetSecretValue")) {
                    reads.incrementAndGet();
                    answer.put("ARN", arn).put("Name", secret.name()).put("SecretString", secret.value());
                } else if (target.endsWith("PutSecretValue")) {
                    secrets.put(arn, new StoredSecret(secret.name(), request.path("SecretString").asText(),
                            secret.tags(), false, null));
                    answer.put("ARN", arn).put("Name", secret.name()).put("VersionId", "v2");
                } else {
                    boolean force = request.path("ForceDeleteWithoutRecovery").asBoolean(false);
                    Long days = force ? null : request.path("RecoveryWindowInDays").asLong(30);
                    secrets.put(arn, new StoredSecret(secret.name(), secret.value(), secret.tags(), true, days));
                    answer.put("ARN", arn).put("Name", secret.name()).put("DeletionDate", 1.8e9);
                }
            }
            default -> {
                status = 400;
                answer.put("__type", "InvalidRequestException").put("message", "unsupported " + target);
            }
        }
        byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** A real Secrets Manager client pointed at this server; the caller closes it. */
    public SecretsManagerClient client() {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stores a secret as CloudFormation would before a test; returns its ARN. */
    public String create(String name, String value) {
        String arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-Ab12Cd";
        secrets.put(arn, new StoredSecret(name, value, Map.of(), false, null));
        return arn;
    }

    /** How many GetSecretValue calls were answered. */
    public int reads() {
        return reads.get();
    }

    public Map<String, StoredSecret> secrets() {
        return Map.copyOf(secrets);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
