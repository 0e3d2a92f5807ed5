package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The real auth application on a real port, on DynamoDB Local (fresh tables per class) and a local SES endpoint.
 * Requests go through a plain JDK HTTP client, as curl would send them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthApiTestBase implements TestPropertyProvider {

    static final byte[] SIGNING_KEY = "skyport-test-signing-key-0123456789abcdef".getBytes();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "correct horse battery staple";

    final LocalSesServer ses = new LocalSesServer();
    final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;

    @Override
    public Map<String, String> getProperties() {
        TableNames tables = DynamoDbLocalFixture.freshTables();
        Map<String, String> properties = new HashMap<>(DynamoDbLocalFixture.properties(tables));
        properties.put("skyport.aws.endpoints.ses", ses.endpoint().toString());
        properties.put("skyport.mail.sender", "noreply@skyport.test");
        properties.put("skyport.security.signing-key", Base64.getEncoder().encodeToString(SIGNING_KEY));
        properties.put("skyport.admin-emails", "boss@example.com");
        properties.putAll(extraProperties());
        return properties;
    }

    Map<String, String> extraProperties() {
        return Map.of();
    }

    @AfterAll
    void stopSes() {
        ses.close();
    }

    record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String contentType() {
            return headers.firstValue("content-type").orElse("");
        }

        /** Asserts a problem+json answer of the given status and type slug. */
        Reply isProblem(int expectedStatus, String slug) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(contentType()).startsWith("application/problem+json");
            assertThat(json().path("type").asText()).isEqualTo("https://skyport.dev/problems/" + slug);
            assertThat(json().path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(json().path("detail").asText()).isNotBlank();
            assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }
    }

    Reply post(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, headers);
    }

    Reply get(String path, String... headers) {
        return send(HttpRequest.newBuilder(url(path)).GET(), headers);
    }

    private Reply send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    static String json(Object... keyValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Signs up and verifies through the API, as a person would; returns the login reply body. */
    JsonNode verifiedUserLogsIn(String email, String username) {
        signUp(email, username);
        verify(email);
        Reply login = post("/auth/login", json("login", email, "password", PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json();
    }

    void signUp(String email, String username) {
        Reply reply = post("/auth/signup", json("email", email, "username", username, "password", PASSWORD));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    }

    void verify(String email) {
        String token = ses.latestVerificationToken(email).orElseThrow();
        Reply reply = post("/auth/verify", json("token", token));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }
}
