package dev.skyport.cloudaccounts.adapter.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.cloudaccounts.adapter.ProviderSettings;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.PreflightReport;
import dev.skyport.cloudaccounts.domain.PreflightScope;
import dev.skyport.platform.aws.AwsSettings;
import dev.skyport.simulated.LocalAwsServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * AWS's preflight through the real SDK clients (STS, IAM, S3) against the simulated AWS: what IAM's simulation
 * refuses is named action by action; a principal that may not simulate its own policies, a bucket of another region
 * and a role that does not trust the owner's external id each say so.
 */
class IamPreflightIT {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String EXTERNAL_ID = "skyport-0123456789abcdefghijklmnopqrstuv";

    private final LocalAwsServer aws = new LocalAwsServer();
    private final IamPreflight preflight;

    IamPreflightIT() {
        AwsSettings endpoints = new AwsSettings("us-east-1", null,
                Map.of("sts", aws.endpoint(), "s3", aws.endpoint(), "iam", aws.endpoint()), null, null, null);
        ProviderSettings providers = new ProviderSettings(Duration.ofSeconds(10), "us-east-1",
                URI.create("https://login.microsoftonline.com"), URI.create("https://management.azure.com"), null,
                URI.create("https://storage.googleapis.com"), URI.create("https://cloudresourcemanager.googleapis.com"),
                URI.create("https://iam.googleapis.com"));
        var http = UrlConnectionHttpClient.create();
        StsCloudVerifier sts = new StsCloudVerifier(http, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIASKYPORT000000001", SECRET)), providers, endpoints);
        preflight = new IamPreflight(sts, http, endpoints);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private static CloudCredentials keys(String keyId) {
        return new CloudCredentials.AwsAccessKeys(keyId, SECRET);
    }

    private static PreflightScope scope(String region, String bucket) {
        return new PreflightScope(region, "demo", bucket, "skyport/7c9e6679/terraform.tfstate");
    }

    @Test
    void credentials_that_may_do_everything_a_run_does_in_a_fit_bucket_pass() {
        assertThat(preflight.preflight(keys(LocalAwsServer.GOOD_KEY), "", scope("eu-west-1", "acme-tf-state"))
                .isPassed()).isTrue();
        aws.trust(LocalAwsServer.ROLE_ARN, EXTERNAL_ID);
        assertThat(preflight.preflight(new CloudCredentials.AwsRole(LocalAwsServer.ROLE_ARN), EXTERNAL_ID,
                scope("eu-west-1", "acme-tf-state")).isPassed()).isTrue();
    }

    @Test
    void each_action_iam_refuses_is_named_with_what_it_was_asked_on() {
        aws.deny(LocalAwsServer.LACKING_USER, "iam:CreateRole");
        PreflightReport report = preflight.preflight(keys(LocalAwsServer.LACKING_KEY), "",
                scope("eu-west-1", "acme-tf-state"));
        assertThat(report.reason()).contains("missing-permissions");
        assertThat(report.details()).containsExactly("eks:CreateCluster",
                "iam:CreateRole on arn:aws:iam::123456789012:role/skyport-demo-cluster");
    }

    @Test
    void a_principal_that_may_not_simulate_its_own_policies_is_told_that_one_permission() {
        aws.deny(LocalAwsServer.GOOD_USER, "iam:SimulatePrincipalPolicy");
        PreflightReport report = preflight.preflight(keys(LocalAwsServer.GOOD_KEY), "",
                scope("eu-west-1", "acme-tf-state"));
        assertThat(report.reason()).contains("missing-permissions");
        assertThat(report.details()).singleElement().asString()
                .startsWith("iam:SimulatePrincipalPolicy on " + LocalAwsServer.GOOD_USER);
    }

    @Test
    void a_bucket_in_another_region_than_the_cluster_is_found_before_terraform_init() {
        PreflightReport report = preflight.preflight(keys(LocalAwsServer.GOOD_KEY), "",
                scope("us-east-1", "acme-tf-state"));
        assertThat(report.reason()).contains("state-bucket-in-another-region");
        assertThat(report.details()).singleElement().asString().contains("eu-west-1", "us-east-1");
    }

    @Test
    void a_role_that_does_not_trust_the_owners_external_id_is_the_providers_refusal() {
        aws.trust(LocalAwsServer.ROLE_ARN, "skyport-somebody-else-0000000000000000");
        assertThatThrownBy(() -> preflight.preflight(new CloudCredentials.AwsRole(LocalAwsServer.ROLE_ARN),
                EXTERNAL_ID, scope("eu-west-1", "acme-tf-state")))
                .isInstanceOfSatisfying(CloudVerificationException.class,
                        e -> assertThat(e.slug()).isEqualTo("cloud-permission-missing"));
    }
}
