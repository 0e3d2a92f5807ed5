package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.testing.ApiClient;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The local platform's default simulated cloud: with no credentials and no internet, the sample credentials it
 * lists connect an AWS, an Azure and a GCP account through the real verifiers, and each failing sample is refused
 * the way the real provider would refuse it.
 */
class SimulatedCloudIT {

    @Test
    void the_sample_credentials_pass_or_fail_each_provider_the_way_they_say() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty()))) {
            ApiClient api = new ApiClient(platform::baseUrl);
            String bearer = TourSteps.signedIn(api, "cloudy@example.com", "cloudy");

            JsonNode samples = api.get("/local/simulated-cloud").json();
            int connected = 0;
            int refused = 0;
            for (String provider : new String[] {"aws", "azure", "gcp"}) {
                ApiClient.Reply passes = api.post("/cloud-accounts", "{\"name\":\"" + provider + "-ok\",\"provider\":\""
                        + provider + "\",\"environment\":\"dev\",\"credentials\":"
                        + samples.path(provider).path("passes") + "}", "Authorization", bearer);
                assertThat(passes.status()).as(provider + ": " + passes.body()).isEqualTo(201);
                assertThat(passes.json().path("last_verification").path("ok").asBoolean()).isTrue();
                connected++;
                Iterator<Map.Entry<String, JsonNode>> failures = samples.path(provider).path("fails").fields();
                while (failures.hasNext()) {
                    Map.Entry<String, JsonNode> failure = failures.next();
                    api.post("/cloud-accounts", "{\"name\":\"" + provider + "-" + failure.getKey()
                                    + "\",\"provider\":\"" + provider + "\",\"environment\":\"dev\",\"credentials\":"
                                    + failure.getValue() + "}", "Authorization", bearer)
                            .isProblem(422, failure.getKey());
                    refused++;
                }
            }
            assertThat(connected).isEqualTo(3);
            assertThat(refused).isGreaterThanOrEqualTo(8);
            assertThat(api.get("/cloud-accounts", "Authorization", bearer).json().path("accounts")).hasSize(3);

            // The role sample: assumed with this user's external id (it trusts the first user's, as a real role names
            // one), after the trusted principals are known; another user's external id is refused.
            JsonNode trust = api.get("/cloud-accounts/aws/external-id", "Authorization", bearer).json();
            assertThat(trust.path("trusted_principals").get(0).asText()).isEqualTo(SimulatedCloud.SKYPORT_PRINCIPAL);
            String role = "{\"name\":\"aws-role\",\"provider\":\"aws\",\"environment\":\"dev\",\"credentials\":"
                    + samples.path("aws").path("role") + "}";
            ApiClient.Reply assumed = api.post("/cloud-accounts", role, "Authorization", bearer);
            assertThat(assumed.status()).as(assumed.body()).isEqualTo(201);
            assertThat(assumed.json().path("credentials").path("kind").asText()).isEqualTo("role");
            String other = TourSteps.signedIn(api, "stranger@example.com", "stranger");
            api.post("/cloud-accounts", role, "Authorization", other).isProblem(422, "cloud-permission-missing");
        }
    }
}
