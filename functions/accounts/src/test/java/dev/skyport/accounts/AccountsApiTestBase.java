package dev.skyport.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.identity.application.PasswordLogin;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.SignUp;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LocalGoogleIdp;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.LocalSnsServer;
import dev.skyport.testing.MutableClock;
import dev.skyport.identity.testing.People;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The real accounts application on a real port, on DynamoDB Local, with local SES, SNS and Google endpoints.
 * People sign up and log in through the shared use cases (the auth routes belong to the other function).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountsApiTestBase implements TestPropertyProvider {

    static final String PASSWORD = People.PASSWORD;
    static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:platform-events";
    private static final ObjectMapper JSON = new ObjectMapper();

    final LocalSesServer ses = new LocalSesServer();
    final LocalSnsServer sns = new LocalSnsServer();
    final LocalGoogleIdp google = new LocalGoogleIdp();
    final ApiClient api = new ApiClient(() -> URI.create("http://127.0.0.1:" + this.server.getPort()));

    @Inject
    EmbeddedServer server;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;
    @Inject
    SignUp signUp;
    @Inject
    PasswordLogin passwordLogin;
    @Inject
    TableNames tables;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.putAll(google.properties());
        properties.put("skyport.aws.endpoints.sns", sns.endpoint().toString());
        properties.put("skyport.events.topic-arn", TOPIC);
        return properties;
    }

    /** Mail is sent by the in-process mail queue's worker: the SES endpoint's accessors wait for it. */
    @BeforeEach
    void readMailOnceSent() {
        People.readsMailOnceSent(context, ses);
    }

    @AfterAll
    void stopServers() {
        ses.close();
        sns.close();
        google.close();
    }

    /** A verified user, logged in with a password. */
    Session signedIn(String email, String username) {
        return People.signedIn(server.getApplicationContext(), ses, email, username);
    }

    static String bearer(Session session) {
        return "Bearer " + session.accessToken();
    }

    static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every item of the users table that mentions the value anywhere. */
    List<Map<String, AttributeValue>> itemsMentioning(String value) {
        return DynamoDbLocalFixture.client().scan(b -> b.tableName(tables.users())).items().stream()
                .filter(item -> item.toString().contains(value)).toList();
    }
}
