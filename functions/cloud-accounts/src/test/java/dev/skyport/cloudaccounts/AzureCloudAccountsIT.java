package dev.skyport.cloudaccounts;

import dev.skyport.simulated.LocalAzureServer;
import static dev.skyport.simulated.LocalAzureServer.CLIENT;
import static dev.skyport.simulated.LocalAzureServer.EXPIRED_CLIENT;
import static dev.skyport.simulated.LocalAzureServer.HANGING_CLIENT;
import static dev.skyport.simulated.LocalAzureServer.NO_ROLE_CLIENT;
import static dev.skyport.simulated.LocalAzureServer.SECRET;
import static dev.skyport.simulated.LocalAzureServer.SUBSCRIPTION;
import static dev.skyport.simulated.LocalAzureServer.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.Session;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Azure through the real azure-identity credential (MSAL) and ARM calls, against loopback Azure endpoints. */
@MicronautTest
class AzureCloudAccountsIT extends CloudAccountsApiTestBase {

    private final LocalAzureServer azure = new LocalAzureServer();
    private Session session;

    @Override
    Map<String, String> extraProperties() {
        return Map.of("skyport.providers.azure-authority-host", azure.endpoint().toString(),
                "skyport.providers.azure-arm-host", azure.endpoint().toString());
    }

    @BeforeAll
    void person() {
        session = signedIn("azure@example.com", "azure-user");
    }

    @AfterAll
    void stopAzure() {
        azure.close();
    }

    private static Map<String, Object> principal(String tenant, String client, String secret, String subscription) {
        Map<String, Object> fields = new HashMap<>(Map.of("tenant_id", tenant, "client_id", client,
                "client_secret", secret));
        if (subscription != null) {
            fields.put("subscription_id", subscription);
        }
        return fields;
    }

    private Reply connectPrincipal(String name, Map<String, Object> fields) {
        return api.post("/cloud-accounts", connect(name, "azure", fields), "Authorization", bearer(session));
    }

    @Test
    void a_service_principal_gets_a_token_and_reads_the_subscriptions() {
        Reply created = connectPrincipal("Azure prod", principal(TENANT, CLIENT, SECRET, SUBSCRIPTION));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("details").path("tenant_id").asText()).isEqualTo(TENANT);
        assertThat(created.json().path("details").path("subscriptions").asText()).isEqualTo(SUBSCRIPTION);
        assertThat(created.json().path("credentials").path("client_id").asText()).isEqualTo(CLIENT);
        assertThat(created.body()).doesNotContain(SECRET);
        assertThat(allTables()).doesNotContain(SECRET);

        Reply buckets = api.get("/cloud-accounts/" + created.json().path("id").asText() + "/buckets",
                "Authorization", bearer(session));
        // ARM answers one storage account per page here: every page is read.
        assertThat(buckets.json().path("buckets").findValuesAsText("name")).containsExactly("tfstateprod",
                "tfstateopen");
    }

    @Test
    void each_refusal_is_a_422_with_its_cause_and_the_aad_code() {
        expect(principal(TENANT, CLIENT, "wrong", null), "cloud-secret-wrong", "AADSTS7000215");
        expect(principal(TENANT, EXPIRED_CLIENT, SECRET, null), "cloud-credentials-expired", "AADSTS7000222");
        expect(principal(TENANT, "aaaaaaaa-bbbb-cccc-dddd-999999999999", SECRET, null), "cloud-credentials-invalid",
                "AADSTS700016");
        expect(principal("00000000-0000-0000-0000-000000000000", CLIENT, SECRET, null), "cloud-credentials-invalid",
                "AADSTS90002");
        expect(principal(TENANT, NO_ROLE_CLIENT, SECRET, null), "cloud-permission-missing", "AuthorizationFailed");
        expect(principal(TENANT, CLIENT, SECRET, "12345678-1234-1234-1234-123456789012"), "cloud-permission-missing",
                "SubscriptionNotVisible");
        connectPrincipal("slow", principal(TENANT, HANGING_CLIENT, SECRET, null)).isProblem(422, "cloud-provider-timeout");
    }

    private void expect(Map<String, Object> fields, String slug, String providerCode) {
        Reply refused = connectPrincipal("refused", fields).isProblem(422, slug);
        assertThat(refused.json().path("provider_code").asText()).isEqualTo(providerCode);
        assertThat(refused.body()).doesNotContain(SECRET);
    }
}
