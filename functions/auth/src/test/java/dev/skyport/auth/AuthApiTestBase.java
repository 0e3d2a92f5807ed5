package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.LocalSqsServer;
import dev.skyport.testing.MutableClock;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The real auth application on a real port, on DynamoDB Local (fresh tables per class), a local SQS endpoint whose
 * messages the real {@link MailWorkHandler} consumes, and a local SES endpoint.
 * Requests go through a plain JDK HTTP client, as curl would send them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthApiTestBase implements TestPropertyProvider {

    static final String PASSWORD = "correct horse battery staple";

    final LocalSqsServer mailQueue = new LocalSqsServer();
    final LocalSesServer ses = new LocalSesServer().sentThrough(mailQueue);
    final ApiClient api = new ApiClient(() -> URI.create("http://127.0.0.1:" + this.server.getPort()));

    @Inject
    EmbeddedServer server;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.putAll(mailQueue.properties());
        properties.putAll(extraProperties());
        return properties;
    }

    Map<String, String> extraProperties() {
        return Map.of();
    }

    /** The mail queue's consumer: the real handler, on this application's beans, as Lambda would call it. */
    @BeforeAll
    void consumeMailQueue() {
        MailWorkHandler consumer = new MailWorkHandler(context);
        mailQueue.deliverTo(event -> consumer.handleRequest(event, null));
    }

    @AfterAll
    void stopSes() {
        ses.close();
        mailQueue.close();
    }

    Reply post(String path, String json, String... headers) {
        return api.post(path, json, headers);
    }

    Reply get(String path, String... headers) {
        return api.get(path, headers);
    }

    static String json(Object... keyValues) {
        return ApiClient.json(keyValues);
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
