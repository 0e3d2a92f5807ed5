package dev.skyport.cloudaccounts;

import dev.skyport.simulated.LocalAzureServer;
import dev.skyport.simulated.LocalGoogleCloudServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.Session;
import dev.skyport.simulated.LocalAwsServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every provider host points where nobody listens. */
@MicronautTest
class UnreachableProviderIT extends CloudAccountsApiTestBase {

    private static final String NOBODY = "127.0.0.1:9";
    private final LocalGoogleCloudServer google = new LocalGoogleCloudServer();

    @Override
    Map<String, String> extraProperties() {
        // The production limit: Azure's client retries a refused connection before it gives up.
        return Map.of("skyport.providers.timeout", "10s", "skyport.aws.endpoints.sts", "http://" + NOBODY,
                "skyport.providers.azure-authority-host", "https://" + NOBODY,
                "skyport.providers.azure-arm-host", "https://" + NOBODY,
                "skyport.providers.gcp-token-uri", "http://" + NOBODY + "/token",
                "skyport.providers.gcp-storage-host", "http://" + NOBODY);
    }

    @AfterAll
    void stopGoogle() {
        google.close();
    }

    @Test
    void an_unreachable_provider_is_a_422_and_nothing_is_stored() {
        Session session = signedIn("offline@example.com", "offline");
        api.post("/cloud-accounts", connect("aws", "aws", Map.of("access_key_id", LocalAwsServer.GOOD_KEY,
                "secret_access_key", "secret")), "Authorization", bearer(session))
                .isProblem(422, "cloud-provider-unreachable");
        api.post("/cloud-accounts", connect("azure", "azure", Map.of("tenant_id", LocalAzureServer.TENANT,
                "client_id", LocalAzureServer.CLIENT, "client_secret", "secret")), "Authorization", bearer(session))
                .isProblem(422, "cloud-provider-unreachable");
        api.post("/cloud-accounts", connect("gcp", "gcp", Map.of("service_account_json",
                google.serviceAccountJson("a@p.iam.gserviceaccount.com", "p", true))), "Authorization",
                bearer(session)).isProblem(422, "cloud-provider-unreachable");
        assertThat(secretsManager.secrets()).isEmpty();
    }
}
