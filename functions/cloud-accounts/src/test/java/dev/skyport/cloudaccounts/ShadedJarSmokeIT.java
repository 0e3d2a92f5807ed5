package dev.skyport.cloudaccounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.simulated.LocalAwsServer;
import dev.skyport.simulated.LocalAzureServer;
import dev.skyport.simulated.LocalGoogleCloudServer;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LocalSecretsManagerServer;
import dev.skyport.testing.ShadedJar;
import dev.skyport.testing.TestAccessTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar that CDK deploys (with the Azure and Google SDKs inside) starts on its own, with only the settings
 * CDK gives this function (public token keys only: no private key), and answers a request with the Lambda handler.
 * The jar leaves out parts of its providers' SDKs (the SDKs' own HTTP clients, Google's gRPC transport and XML API,
 * unused shared protos), so it also connects an account of each provider and lists its buckets, through the jar.
 */
class ShadedJarSmokeIT {

    private static Map<String, String> environment() {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_CLOUD_ACCOUNTS", "skyport-cloud-accounts");
        assertThat(env.keySet()).noneMatch(name -> name.startsWith("SKYPORT_SECURITY_SIGNING"));
        return env;
    }

    @Test
    void the_shaded_lambda_jar_starts_and_answers() throws Exception {
        String output = ShadedJar.get(Path.of("target/skyport-cloud-accounts-lambda.jar"),
                CloudAccountsHandler.class.getName(), "/cloud-accounts", environment());
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated");
    }

    private static String bearer(String user) {
        return "Bearer " + TestAccessTokens.sessionless(user, "alice", Instant.now(), Duration.ofMinutes(5));
    }

    @Test
    void with_public_keys_only_it_accepts_a_token_signed_by_the_identity_functions() throws Exception {
        Map<String, String> env = environment();
        TableNames tables = DynamoDbLocalFixture.freshTables();
        env.put("SKYPORT_AWS_ENDPOINTS_DYNAMODB", DynamoDbLocalFixture.endpoint().toString());
        env.put("SKYPORT_TABLES_CLOUD_ACCOUNTS", tables.cloudAccounts());
        env.put("SKYPORT_PROBE_AUTHORIZATION", bearer("user-1"));
        String output = ShadedJar.get(Path.of("target/skyport-cloud-accounts-lambda.jar"),
                CloudAccountsHandler.class.getName(), "/cloud-accounts/aws/external-id", env);
        assertThat(output).contains("status=200").contains("\"external_id\":\"skyport-").doesNotContain("unauthenticated");
    }

    @Test
    void it_connects_an_account_of_each_provider_through_the_sdks_in_the_jar_and_lists_its_buckets(
            @TempDir Path folder) throws Exception {
        try (LocalAwsServer aws = new LocalAwsServer(); LocalAzureServer azure = new LocalAzureServer();
             LocalGoogleCloudServer google = new LocalGoogleCloudServer();
             LocalSecretsManagerServer secrets = new LocalSecretsManagerServer()) {
            Map<String, String> env = withStores(secrets, aws);
            // The loopback Azure speaks HTTPS (MSAL insists) with a certificate of its own, which the jar's JVM
            // must trust
            env.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + azure.writeTrustStore(
                    folder.resolve("azure.p12")) + " -Djavax.net.ssl.trustStorePassword=changeit");
            env.put("SKYPORT_PROVIDERS_AZURE_AUTHORITY_HOST", azure.endpoint().toString());
            env.put("SKYPORT_PROVIDERS_AZURE_ARM_HOST", azure.endpoint().toString());
            env.put("SKYPORT_PROVIDERS_GCP_STORAGE_HOST", google.endpoint().toString());
            env.put("SKYPORT_PROVIDERS_GCP_TOKEN_URI", google.tokenUri().toString());
            env.put("SKYPORT_PROBE_AUTHORIZATION", bearer(UUID.randomUUID().toString()));

            assertThat(connectAndListBuckets(env, "aws", Map.of("access_key_id", LocalAwsServer.GOOD_KEY,
                    "secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))).isEqualTo("tf-state-prod");
            assertThat(connectAndListBuckets(env, "azure", Map.of("tenant_id", LocalAzureServer.TENANT,
                    "client_id", LocalAzureServer.CLIENT, "client_secret", LocalAzureServer.SECRET,
                    "subscription_id", LocalAzureServer.SUBSCRIPTION))).isEqualTo("tfstateprod");
            assertThat(connectAndListBuckets(env, "gcp", Map.of("service_account_json", google.serviceAccountJson(
                    "terraform@skyport-prod.iam.gserviceaccount.com", "skyport-prod", true))))
                    .isEqualTo("tf-state-gcp");
        }
    }

    /**
     * The preflight's own jar (the API's, with the IAM client) starts with only the settings CDK gives it and asks
     * the simulated AWS, through IAM's and S3's clients in the jar, about an account whose user lacks a permission.
     */
    @Test
    void the_preflight_jar_asks_iam_and_s3_through_the_clients_in_it() throws Exception {
        try (LocalAwsServer aws = new LocalAwsServer(); LocalSecretsManagerServer secrets = new LocalSecretsManagerServer()) {
            Map<String, String> env = withStores(secrets, aws);
            String owner = UUID.randomUUID().toString();
            env.put("SKYPORT_PROBE_AUTHORIZATION", bearer(owner));
            env.put("SKYPORT_PROBE_BODY", ApiClient.json("name", "lacking", "provider", "aws", "environment", "dev",
                    "credentials", Map.of("access_key_id", LocalAwsServer.LACKING_KEY,
                            "secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")));
            Matcher id = FIRST_ID.matcher(ShadedJar.get(Path.of("target/skyport-cloud-accounts-lambda.jar"),
                    CloudAccountsHandler.class.getName(), "/cloud-accounts", env));
            assertThat(id.find()).isTrue();

            env.remove("SKYPORT_PROBE_BODY");
            env.remove("SKYPORT_PROBE_AUTHORIZATION");
            env.remove("SKYPORT_SECURITY_VERIFICATION_KEYS");
            String output = ShadedJar.event(Path.of("target/skyport-cloud-accounts-preflight-lambda.jar"),
                    RunPreflightHandler.class.getName(), "run-preflight.json",
                    Map.of("OWNER_ID", owner, "CLOUD_ACCOUNT_ID", id.group(1)), env);
            assertThat(output).contains("response={\"ok\":false,\"reason\":\"missing-permissions\","
                    + "\"details\":[\"" + LocalAwsServer.LACKING_ACTION + "\"]}");
        }
    }

    /**
     * The function's settings with its table in DynamoDB Local, its secrets and AWS (STS, S3, IAM) at loopback
     * servers. The person's session is not looked up: this jar's own test is its providers' SDKs (the session check
     * has its tests in EndedSessionIT).
     */
    private static Map<String, String> withStores(LocalSecretsManagerServer secrets, LocalAwsServer aws) {
        Map<String, String> env = environment();
        env.put("SKYPORT_SECURITY_SESSION_CHECK", "false");
        TableNames tables = DynamoDbLocalFixture.freshTables();
        env.put("SKYPORT_AWS_ENDPOINTS_DYNAMODB", DynamoDbLocalFixture.endpoint().toString());
        env.put("SKYPORT_TABLES_CLOUD_ACCOUNTS", tables.cloudAccounts());
        env.put("SKYPORT_AWS_ENDPOINTS_SECRETSMANAGER", secrets.endpoint().toString());
        for (String service : new String[] {"STS", "S3", "IAM"}) {
            env.put("SKYPORT_AWS_ENDPOINTS_" + service, aws.endpoint().toString());
        }
        return env;
    }

    private static final Pattern FIRST_ID = Pattern.compile("status=201\\s+body=\\{\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern FIRST_BUCKET = Pattern.compile("status=200\\s+body=\\{\"buckets\":\\[\\{\"name\":\"([^\"]+)\"");

    /** POST /cloud-accounts through the jar (verified with the provider), then its buckets: the first bucket's name. */
    private static String connectAndListBuckets(Map<String, String> environment, String provider,
                                                Map<String, Object> credentials) throws Exception {
        Path jar = Path.of("target/skyport-cloud-accounts-lambda.jar");
        Map<String, String> post = new java.util.HashMap<>(environment);
        post.put("SKYPORT_PROBE_BODY", ApiClient.json("name", provider + " via the jar " + UUID.randomUUID(),
                "provider", provider, "environment", "dev", "credentials", credentials));
        String created = ShadedJar.get(jar, CloudAccountsHandler.class.getName(), "/cloud-accounts", post);
        Matcher id = FIRST_ID.matcher(created);
        assertThat(id.find()).as(created).isTrue();
        String listed = ShadedJar.get(jar, CloudAccountsHandler.class.getName(),
                "/cloud-accounts/" + id.group(1) + "/buckets", environment);
        Matcher bucket = FIRST_BUCKET.matcher(listed);
        assertThat(bucket.find()).as(listed).isTrue();
        return bucket.group(1);
    }
}
