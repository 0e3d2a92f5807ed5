package dev.skyport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.testing.ApiClient;
import java.io.IOException;
import java.net.URI;

/** The cloud account the journey connects and makes its cluster in: where its credentials come from. */
sealed interface CloudAccountSource {

    /**
     * What {@code POST /cloud-accounts} and {@code POST /clusters} are given.
     *
     * @param credentials as the provider's form of {@code POST /cloud-accounts} takes them
     * @param stateBucket where Terraform keeps the cluster's state, in that account
     */
    record CloudAccount(String provider, JsonNode credentials, String region, String stateBucket) {
    }

    /** The local platform's simulated cloud: its AWS sample that passes ({@code GET /local/simulated-cloud}). */
    record SimulatedCloud(URI api) implements CloudAccountSource {
    }

    /** An account given to the run ({@code -Dskyport.e2e.cloud-credentials=...} and the rest, docs/testing.md). */
    record Given(CloudAccount account) implements CloudAccountSource {
    }

    /** None given: why, for the skip. */
    record Missing(String reason) implements CloudAccountSource {
    }

    /** The account to connect; only for a source that has one. */
    default CloudAccount account() {
        return switch (this) {
            case SimulatedCloud simulated -> {
                JsonNode samples = new ApiClient(simulated::api).get("/local/simulated-cloud").json().path("aws");
                yield new CloudAccount("aws", samples.path("passes"), "eu-west-1",
                        samples.path("state_buckets").path("fit").asText());
            }
            case Given given -> given.account();
            case Missing missing -> throw new IllegalStateException(missing.reason());
        };
    }

    /**
     * From the settings: {@code cloud-credentials} (JSON), {@code cloud-provider}, {@code cluster-region},
     * {@code state-bucket}.
     */
    static CloudAccountSource given(E2eSettings settings) {
        var credentials = settings.get("cloud-credentials");
        var bucket = settings.get("state-bucket");
        if (credentials.isEmpty() || bucket.isEmpty()) {
            return new Missing("no cloud account to make the cluster in: give -Dskyport.e2e.cloud-credentials='{...}'"
                    + " (as POST /cloud-accounts takes them) and -Dskyport.e2e.state-bucket=NAME, or the"
                    + " SKYPORT_E2E_CLOUD_CREDENTIALS and SKYPORT_E2E_STATE_BUCKET variables (docs/testing.md)");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(credentials.get());
        } catch (IOException notJson) {
            throw new IllegalArgumentException("skyport.e2e.cloud-credentials is not JSON: " + notJson.getMessage());
        }
        return new Given(new CloudAccount(settings.get("cloud-provider").orElse("aws"), json,
                settings.get("cluster-region").orElse("eu-west-1"), bucket.get()));
    }
}
