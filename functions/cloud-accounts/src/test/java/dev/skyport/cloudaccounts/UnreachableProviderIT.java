package dev.skyport.cloudaccounts;

import dev.skyport.testing.LocalAwsServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.Session;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A provider endpoint nobody listens on. */
@MicronautTest
class UnreachableProviderIT extends CloudAccountsApiTestBase {

    @Override
    Map<String, String> extraProperties() {
        return Map.of("skyport.aws.endpoints.sts", "http://127.0.0.1:9");
    }

    @Test
    void an_unreachable_provider_is_a_422_and_nothing_is_stored() {
        Session session = signedIn("offline@example.com", "offline");
        api.post("/cloud-accounts", connect("offline", "aws", Map.of("access_key_id", LocalAwsServer.GOOD_KEY,
                "secret_access_key", "secret")), "Authorization", bearer(session))
                .isProblem(422, "cloud-provider-unreachable");
        assertThat(secretsManager.secrets()).isEmpty();
    }
}
