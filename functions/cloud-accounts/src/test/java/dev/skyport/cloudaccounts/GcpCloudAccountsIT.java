package dev.skyport.cloudaccounts;

import dev.skyport.simulated.LocalGoogleCloudServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.cloudaccounts.adapter.ProviderSettings;
import dev.skyport.cloudaccounts.adapter.gcp.StorageCloudVerifier;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.identity.application.Session;
import dev.skyport.kernel.DomainException;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GCP through the real google-auth and google-cloud-storage clients against loopback Google endpoints. */
@MicronautTest
class GcpCloudAccountsIT extends CloudAccountsApiTestBase {

    private final LocalGoogleCloudServer google = new LocalGoogleCloudServer();
    private Session session;

    @Override
    Map<String, String> extraProperties() {
        return Map.of("skyport.providers.gcp-storage-host", google.endpoint().toString(),
                "skyport.providers.gcp-token-uri", google.tokenUri().toString());
    }

    @BeforeAll
    void person() {
        session = signedIn("gcp@example.com", "gcp-user");
    }

    @AfterAll
    void stopGoogle() {
        google.close();
    }

    /** The providers' settings with nothing configured, as in production. */
    private static ProviderSettings productionSettings() {
        try (ApplicationContext bare = ApplicationContext.run()) {
            return bare.getBean(ProviderSettings.class);
        }
    }

    private Reply connectKey(String name, String json) {
        return api.post("/cloud-accounts", connect(name, "gcp", Map.of("service_account_json", json)),
                "Authorization", bearer(session));
    }

    @Test
    void a_service_account_key_gets_a_token_and_lists_buckets_and_its_private_key_is_never_shown_or_tabled() {
        String key = google.serviceAccountJson("terraform@skyport-prod.iam.gserviceaccount.com", "skyport-prod", true);
        Reply created = connectKey("GCP prod", key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("details").path("project_id").asText()).isEqualTo("skyport-prod");
        assertThat(created.json().path("credentials").path("client_email").asText())
                .isEqualTo("terraform@skyport-prod.iam.gserviceaccount.com");
        assertThat(created.body()).doesNotContain("PRIVATE KEY");
        assertThat(allTables()).doesNotContain("PRIVATE KEY");

        String id = created.json().path("id").asText();
        Reply buckets = api.get("/cloud-accounts/" + id + "/buckets", "Authorization", bearer(session));
        assertThat(buckets.json().path("buckets").get(0).path("name").asText()).isEqualTo("tf-state-gcp");
    }

    @Test
    void the_key_may_be_sent_as_the_json_object_itself() throws Exception {
        String key = google.serviceAccountJson("object@skyport-dev.iam.gserviceaccount.com", "skyport-dev", true);
        Map<?, ?> object = new com.fasterxml.jackson.databind.ObjectMapper().readValue(key, Map.class);
        Reply created = api.post("/cloud-accounts", connect("as object", "gcp", Map.of("service_account_json", object)),
                "Authorization", bearer(session));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void each_refusal_is_a_422_with_its_cause() {
        connectKey("stranger", google.serviceAccountJson("ghost@p.iam.gserviceaccount.com", "p", false))
                .isProblem(422, "cloud-credentials-invalid");
        google.serviceAccountJson("rotated@p.iam.gserviceaccount.com", "p", true);
        Reply replaced = connectKey("replaced", google.replacedKeyJson("rotated@p.iam.gserviceaccount.com", "p"))
                .isProblem(422, "cloud-secret-wrong");
        assertThat(replaced.json().path("provider_code").asText()).isEqualTo("invalid_grant");
        connectKey("denied", google.serviceAccountJson("denied@x.iam.gserviceaccount.com",
                LocalGoogleCloudServer.DENIED_PROJECT, true)).isProblem(422, "cloud-permission-missing");
        connectKey("disabled", google.serviceAccountJson("disabled@x.iam.gserviceaccount.com", "x", true))
                .isProblem(422, "cloud-credentials-expired");
        connectKey("slow", google.serviceAccountJson("slow@x.iam.gserviceaccount.com", "x", true))
                .isProblem(422, "cloud-provider-timeout");
        assertThat(secretsManager.secrets().values()).noneMatch(s -> s.name().contains("denied"));
    }

    @Test
    void a_key_with_googles_token_uri_gets_its_token_from_the_configured_endpoint() {
        String key = google.serviceAccountJson("standard@skyport-qa.iam.gserviceaccount.com", "skyport-qa", true);
        assertThat(key).contains("\"token_uri\":\"https://oauth2.googleapis.com/token\"");
        int before = google.requests();
        Reply created = connectKey("standard", key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(google.requests()).as("token and bucket list requests").isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void a_key_whose_token_uri_is_not_googles_is_refused_and_nothing_is_sent_there() {
        try (LocalGoogleCloudServer elsewhere = new LocalGoogleCloudServer()) {
            String key = google.serviceAccountJson("ssrf@skyport-qa.iam.gserviceaccount.com", "skyport-qa", true,
                    Map.of("token_uri", elsewhere.tokenUri().toString()));
            Reply refused = connectKey("ssrf", key).isProblem(400, "invalid-credentials");
            assertThat(refused.json().path("detail").asText()).contains("token_uri");
            connectKey("link-local", google.serviceAccountJson("meta@skyport-qa.iam.gserviceaccount.com",
                    "skyport-qa", true, Map.of("token_uri", "http://169.254.169.254/latest/meta-data/")))
                    .isProblem(400, "invalid-credentials");

            // Where no endpoint is configured (production), the key's token_uri is not followed either.
            StorageCloudVerifier production = new StorageCloudVerifier(productionSettings(),
                    io.micronaut.json.JsonMapper.createDefault());
            assertThatThrownBy(() -> production.verify(new CloudCredentials.GcpServiceAccount(key), ""))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.slug()).isEqualTo("invalid-credentials");
                        assertThat(e.getMessage()).contains("token_uri");
                    });
            assertThat(elsewhere.requests()).isZero();
        }
        assertThat(api.get("/cloud-accounts", "Authorization", bearer(session)).body()).doesNotContain("ssrf");
    }

    @Test
    void a_key_of_another_universe_is_refused() {
        Reply refused = connectKey("universe", google.serviceAccountJson("u@skyport-qa.iam.gserviceaccount.com",
                "skyport-qa", true, Map.of("universe_domain", "evil.example"))).isProblem(400, "invalid-credentials");
        assertThat(refused.json().path("detail").asText()).contains("universe_domain");
    }

    @Test
    void a_key_that_is_not_a_service_account_key_is_a_400() {
        connectKey("junk", "{\"private_key\": \"nope\"}").isProblem(400, "invalid-credentials");
        connectKey("junk", "not json").isProblem(400, "invalid-credentials");
    }
}
