package dev.skyport.cloudaccounts;

import dev.skyport.simulated.LocalAwsServer;
import dev.skyport.identity.application.Session;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LocalSecretsManagerServer;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.identity.testing.People;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real cloud-accounts application on a real port, on DynamoDB Local, with loopback servers speaking the
 * Secrets Manager, STS and S3 protocols. People sign up and log in through the shared use cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CloudAccountsApiTestBase implements TestPropertyProvider {

    static final String PASSWORD = People.PASSWORD;
    /** The AWS account Skyport itself runs in, in these tests. */
    static final String SKYPORT_ACCOUNT = "111122223333";

    final LocalSesServer ses = new LocalSesServer();
    final LocalSecretsManagerServer secretsManager = new LocalSecretsManagerServer();
    final LocalAwsServer aws = new LocalAwsServer();
    final ApiClient api = new ApiClient(() -> URI.create("http://127.0.0.1:" + this.server.getPort()));

    @Inject
    EmbeddedServer server;
    @Inject
    TableNames tables;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.put("skyport.aws.endpoints.secretsmanager", secretsManager.endpoint().toString());
        properties.put("skyport.aws.endpoints.sts", aws.endpoint().toString());
        properties.put("skyport.aws.endpoints.s3", aws.endpoint().toString());
        properties.put("skyport.providers.timeout", "2s");
        properties.put("skyport.aws.account-id", SKYPORT_ACCOUNT);
        properties.putAll(extraProperties());
        return properties;
    }

    Map<String, String> extraProperties() {
        return Map.of();
    }

    @AfterAll
    void stopServers() {
        ses.close();
        secretsManager.close();
        aws.close();
    }

    Session signedIn(String email, String username) {
        return People.signedIn(server.getApplicationContext(), ses, email, username);
    }

    static String bearer(Session session) {
        return "Bearer " + session.accessToken();
    }

    /** Every item of every Skyport table, as text. */
    String allTables() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of(tables.users(), tables.cloudAccounts())) {
            for (Map<String, AttributeValue> item : DynamoDbLocalFixture.client().scan(b -> b.tableName(table)).items()) {
                all.append(item).append('\n');
            }
        }
        return all.toString();
    }

    static String connect(String name, String provider, Map<String, Object> credentials) {
        return ApiClient.json("name", name, "provider", provider, "environment", "dev", "credentials", credentials);
    }
}
