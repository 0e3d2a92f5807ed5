package dev.skyport.local;

import dev.skyport.simulated.LocalAwsServer;
import dev.skyport.simulated.LocalAzureServer;
import dev.skyport.simulated.LocalGoogleCloudServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Development only: the local platform's simulated cloud (the default, {@code --cloud simulated}). Loopback servers
 * speak the providers' real protocols (AWS STS and S3, Azure AD and ARM, Google OAuth and Cloud Storage), so the
 * real verifiers connect accounts against them with no credentials and no internet. {@link #samples()} are
 * credentials that pass, and others that fail each way, for the README's tour.
 */
public final class SimulatedCloud implements AutoCloseable {

    static final String GCP_PROJECT = "simulated-project";
    static final String GCP_ACCOUNT = "skyport-demo@" + GCP_PROJECT + ".iam.gserviceaccount.com";

    private final LocalAwsServer aws = new LocalAwsServer();
    private final LocalAzureServer azure = new LocalAzureServer();
    private final LocalGoogleCloudServer google = new LocalGoogleCloudServer();
    private final Map<String, Object> samples;

    /** The principal a simulated role trusts: the local platform plays Skyport's AWS identity. */
    static final String SKYPORT_PRINCIPAL = "arn:aws:iam::000000000000:user/skyport-local-simulated";

    public SimulatedCloud() {
        aws.trustFirstSkyportExternalId(LocalAwsServer.ROLE_ARN);
        samples = buildSamples();
    }

    /** Where Skyport reaches the providers: at these servers. */
    Map<String, Object> properties() {
        return Map.of("skyport.providers.aws-trusted-principals", SKYPORT_PRINCIPAL,
                "skyport.aws.endpoints.sts", aws.endpoint().toString(),
                "skyport.aws.endpoints.s3", aws.endpoint().toString(),
                "skyport.aws.endpoints.iam", aws.endpoint().toString(),
                "skyport.providers.azure-authority-host", azure.endpoint().toString(),
                "skyport.providers.azure-arm-host", azure.endpoint().toString(),
                "skyport.providers.gcp-storage-host", google.endpoint().toString(),
                "skyport.providers.gcp-resource-manager-host", google.endpoint().toString(),
                "skyport.providers.gcp-iam-host", google.endpoint().toString(),
                "skyport.providers.gcp-token-uri", google.tokenUri().toString());
    }

    /**
     * Per provider, credentials that pass ({@code passes}), that connect but whose runs' preflight finds a permission
     * missing ({@code lacks_a_permission}), and that fail, named by how they fail; and a state bucket fit for runs
     * and one that is not ({@code state_buckets}).
     */
    public Map<String, Object> samples() {
        return samples;
    }

    private Map<String, Object> buildSamples() {
        Map<String, Object> all = new LinkedHashMap<>();
        String secret = "simulated-secret-access-key-0000000000000";
        all.put("aws", Map.of(
                "passes", Map.of("access_key_id", LocalAwsServer.GOOD_KEY, "secret_access_key", secret),
                // As if made with permissions/aws-skyport.template.json and the first connecting user's external id.
                "role", Map.of("role_arn", LocalAwsServer.ROLE_ARN),
                // Connects, but a run's preflight finds it may not eks:CreateCluster.
                "lacks_a_permission", Map.of("access_key_id", LocalAwsServer.LACKING_KEY,
                        "secret_access_key", secret),
                "state_buckets", Map.of("fit", "acme-tf-state", "unfit", "tf-state-unversioned"),
                "fails", Map.of(
                        "cloud-secret-wrong", Map.of("access_key_id", LocalAwsServer.WRONG_SECRET_KEY,
                                "secret_access_key", secret),
                        "cloud-credentials-expired", Map.of("access_key_id", LocalAwsServer.EXPIRED_KEY,
                                "secret_access_key", secret),
                        "cloud-permission-missing", Map.of("access_key_id", LocalAwsServer.DENIED_KEY,
                                "secret_access_key", secret),
                        "cloud-credentials-invalid", Map.of("access_key_id", LocalAwsServer.UNKNOWN_KEY,
                                "secret_access_key", secret))));
        Map<String, String> azureGood = Map.of("tenant_id", LocalAzureServer.TENANT,
                "client_id", LocalAzureServer.CLIENT, "client_secret", LocalAzureServer.SECRET,
                "subscription_id", LocalAzureServer.SUBSCRIPTION);
        all.put("azure", Map.of(
                "passes", azureGood,
                "lacks_a_permission", with(azureGood, "client_id", LocalAzureServer.LACKING_CLIENT),
                "state_buckets", Map.of("fit", "tfstateprod", "unfit", "tfstateopen"),
                "fails", Map.of(
                        "cloud-secret-wrong", with(azureGood, "client_secret", "not-the-secret"),
                        "cloud-credentials-expired", with(azureGood, "client_id", LocalAzureServer.EXPIRED_CLIENT),
                        "cloud-permission-missing", with(azureGood, "client_id", LocalAzureServer.NO_ROLE_CLIENT))));
        all.put("gcp", Map.of(
                "passes", Map.of("service_account_json", google.serviceAccountJson(GCP_ACCOUNT, GCP_PROJECT, true)),
                "lacks_a_permission", Map.of("service_account_json", google.serviceAccountJson(
                        "lacking@" + GCP_PROJECT + ".iam.gserviceaccount.com", GCP_PROJECT, true)),
                "state_buckets", Map.of("fit", "acme-tf-state", "unfit", "tf-state-gcp-open"),
                "fails", Map.of(
                        "cloud-credentials-invalid", Map.of("service_account_json", google.serviceAccountJson(
                                "stranger@" + GCP_PROJECT + ".iam.gserviceaccount.com", GCP_PROJECT, false)),
                        "cloud-permission-missing", Map.of("service_account_json", google.serviceAccountJson(
                                "no-access@" + LocalGoogleCloudServer.DENIED_PROJECT + ".iam.gserviceaccount.com",
                                LocalGoogleCloudServer.DENIED_PROJECT, true)))));
        all.put("note", List.of("Simulated: nothing here reaches a real provider. Paste a 'credentials' object into"
                + " POST /cloud-accounts with its provider."));
        return Map.copyOf(all);
    }

    private static Map<String, String> with(Map<String, String> base, String field, String value) {
        Map<String, String> changed = new LinkedHashMap<>(base);
        changed.put(field, value);
        return changed;
    }

    @Override
    public void close() {
        aws.close();
        azure.close();
        google.close();
    }
}
