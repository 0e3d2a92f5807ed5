package dev.skyport.cloudaccounts.adapter;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code skyport.providers.*}: where Azure and Google are reached and how long Skyport waits for any provider.
 * Every host is configurable, so tests point the real SDKs at local servers. (AWS endpoints, STS and S3, come
 * from {@code skyport.aws.endpoints.*} like every other AWS service, so LocalStack needs one setting.)
 */
@ConfigurationProperties("skyport.providers")
public class ProviderSettings {

    private Duration timeout = Duration.ofSeconds(10);
    private String awsRegion = "us-east-1";
    private URI azureAuthorityHost = URI.create("https://login.microsoftonline.com");
    private URI azureArmHost = URI.create("https://management.azure.com");
    private URI gcpTokenUri;
    private URI gcpStorageHost = URI.create("https://storage.googleapis.com");
    private URI gcpResourceManagerHost = URI.create("https://cloudresourcemanager.googleapis.com");
    private URI gcpIamHost = URI.create("https://iam.googleapis.com");

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public String getAwsRegion() {
        return awsRegion;
    }

    public void setAwsRegion(String awsRegion) {
        this.awsRegion = awsRegion;
    }

    public URI getAzureAuthorityHost() {
        return azureAuthorityHost;
    }

    public void setAzureAuthorityHost(URI azureAuthorityHost) {
        this.azureAuthorityHost = azureAuthorityHost;
    }

    public URI getAzureArmHost() {
        return azureArmHost;
    }

    public void setAzureArmHost(URI azureArmHost) {
        this.azureArmHost = azureArmHost;
    }

    /**
     * Where Google tokens are asked for, in tests and emulators; otherwise Google's own endpoint. It comes from
     * Skyport's configuration only: the {@code token_uri} of a key a person sends is never followed.
     */
    public Optional<URI> getGcpTokenUri() {
        return Optional.ofNullable(gcpTokenUri);
    }

    public void setGcpTokenUri(URI gcpTokenUri) {
        this.gcpTokenUri = gcpTokenUri;
    }

    public URI getGcpStorageHost() {
        return gcpStorageHost;
    }

    public void setGcpStorageHost(URI gcpStorageHost) {
        this.gcpStorageHost = gcpStorageHost;
    }

    /** Where a project's permissions are tested (Cloud Resource Manager's testIamPermissions). */
    public URI getGcpResourceManagerHost() {
        return gcpResourceManagerHost;
    }

    public void setGcpResourceManagerHost(URI gcpResourceManagerHost) {
        this.gcpResourceManagerHost = gcpResourceManagerHost;
    }

    /** Where a service account's permissions are tested (IAM's testIamPermissions). */
    public URI getGcpIamHost() {
        return gcpIamHost;
    }

    public void setGcpIamHost(URI gcpIamHost) {
        this.gcpIamHost = gcpIamHost;
    }
}
