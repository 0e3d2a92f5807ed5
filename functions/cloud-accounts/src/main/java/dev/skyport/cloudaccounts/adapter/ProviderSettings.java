package dev.skyport.cloudaccounts.adapter;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code skyport.providers.*}: where Azure and Google are reached and how long Skyport waits for any provider.
 * Every host is configurable, so tests point the real SDKs at local servers. (AWS endpoints, STS and S3, come
 * from {@code skyport.aws.endpoints.*} like every other AWS service, so LocalStack needs one setting.) Checked when
 * read: a function with an impossible setting does not start.
 *
 * @param timeout                how long a provider may take to answer
 * @param awsRegion              the region of the STS and S3 clients that check a customer's AWS credentials
 * @param azureAuthorityHost     Azure AD
 * @param azureArmHost           Azure Resource Manager
 * @param gcpTokenUri            where Google tokens are asked for, in tests and emulators; otherwise Google's own
 *                               endpoint. It comes from Skyport's configuration only: the {@code token_uri} of a key
 *                               a person sends is never followed
 * @param gcpStorageHost         Cloud Storage
 * @param gcpResourceManagerHost where a project's permissions are tested (Cloud Resource Manager's
 *                               testIamPermissions)
 * @param gcpIamHost             where a service account's permissions are tested (IAM's testIamPermissions)
 */
@ConfigurationProperties(ProviderSettings.PREFIX)
public record ProviderSettings(
        @Bindable(defaultValue = "10s") Duration timeout,
        @Bindable(defaultValue = "us-east-1") String awsRegion,
        @Bindable(defaultValue = "https://login.microsoftonline.com") URI azureAuthorityHost,
        @Bindable(defaultValue = "https://management.azure.com") URI azureArmHost,
        @Nullable URI gcpTokenUri,
        @Bindable(defaultValue = "https://storage.googleapis.com") URI gcpStorageHost,
        @Bindable(defaultValue = "https://cloudresourcemanager.googleapis.com") URI gcpResourceManagerHost,
        @Bindable(defaultValue = "https://iam.googleapis.com") URI gcpIamHost) {

    public static final String PREFIX = "skyport.providers";

    public ProviderSettings {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(PREFIX + ".timeout must be above 0 and at most 1m, not " + timeout);
        }
        if (awsRegion == null || !awsRegion.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException(PREFIX + ".aws-region must be an AWS region such as eu-west-1, not "
                    + awsRegion);
        }
        http("azure-authority-host", azureAuthorityHost);
        http("azure-arm-host", azureArmHost);
        if (gcpTokenUri != null) {
            http("gcp-token-uri", gcpTokenUri);
        }
        http("gcp-storage-host", gcpStorageHost);
        http("gcp-resource-manager-host", gcpResourceManagerHost);
        http("gcp-iam-host", gcpIamHost);
    }

    /** The configured Google token endpoint; empty means Google's own. */
    public Optional<URI> gcpTokenEndpoint() {
        return Optional.ofNullable(gcpTokenUri);
    }

    private static void http(String name, URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be an http(s) URL, not " + uri);
        }
    }
}
