package dev.skyport.platform.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the AWS clients go. In AWS nothing needs setting; for LocalStack or another emulator set
 * {@code skyport.aws.endpoint} (or {@code AWS_ENDPOINT_URL}, which the SDK reads itself), or one endpoint per
 * service under {@code skyport.aws.endpoints.<service>}.
 */
@ConfigurationProperties("skyport.aws")
public class AwsSettings {

    public static final String ACCOUNT_ID = "skyport.aws.account-id";

    private String region = "us-east-1";
    private URI endpoint;
    private Map<String, URI> endpoints = new HashMap<>();
    private String accessKeyId;
    private String secretAccessKey;
    private String accountId;

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public Optional<URI> getEndpoint() {
        return Optional.ofNullable(endpoint);
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public Map<String, URI> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(Map<String, URI> endpoints) {
        this.endpoints = endpoints;
    }

    /** Static credentials, for DynamoDB Local and emulators only; AWS uses the role of the function. */
    public Optional<String> getAccessKeyId() {
        return Optional.ofNullable(accessKeyId);
    }

    public void setAccessKeyId(String accessKeyId) {
        this.accessKeyId = accessKeyId;
    }

    public Optional<String> getSecretAccessKey() {
        return Optional.ofNullable(secretAccessKey);
    }

    public void setSecretAccessKey(String secretAccessKey) {
        this.secretAccessKey = secretAccessKey;
    }

    /** The AWS account Skyport itself runs in ({@code SKYPORT_AWS_ACCOUNT_ID}, set by CDK); unset locally. */
    public Optional<String> getAccountId() {
        return Optional.ofNullable(accountId).filter(id -> !id.isBlank());
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public Optional<URI> endpointFor(String service) {
        return Optional.ofNullable(endpoints.get(service)).or(this::getEndpoint);
    }
}
