package dev.skyport.platform.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkSystemSetting;

/**
 * Where the AWS clients go ({@code skyport.aws.*}). In AWS nothing needs setting; for LocalStack or another emulator
 * set {@code skyport.aws.endpoint} (or {@code AWS_ENDPOINT_URL}, which the SDK reads itself), or one endpoint per
 * service under {@code skyport.aws.endpoints.<service>} ({@code SKYPORT_AWS_ENDPOINTS_DYNAMODB}). Checked when read:
 * a function with an impossible setting does not start.
 *
 * @param region          the region of every client; unset, the region the function runs in ({@code AWS_REGION},
 *                        which Lambda sets, as the SDK reads it), else us-east-1
 * @param endpoint        one endpoint for every service (an emulator)
 * @param endpoints       an endpoint per service, by the SDK's service name ({@code dynamodb}, {@code sts}, ...)
 * @param accessKeyId     static credentials, for DynamoDB Local and emulators only; AWS uses the function's role
 * @param secretAccessKey the secret half of those credentials
 * @param accountId       the AWS account Skyport itself runs in ({@code SKYPORT_AWS_ACCOUNT_ID}, set by CDK); unset
 *                        locally
 */
@ConfigurationProperties(AwsSettings.PREFIX)
public record AwsSettings(
        @Nullable String region,
        @Nullable URI endpoint,
        @Nullable Map<String, URI> endpoints,
        @Nullable String accessKeyId,
        @Nullable String secretAccessKey,
        @Nullable String accountId) {

    public static final String PREFIX = "skyport.aws";
    /** Where clients go when neither {@code skyport.aws.region} nor {@code AWS_REGION} says. */
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String REGION = PREFIX + ".region";
    public static final String ENDPOINT = PREFIX + ".endpoint";
    public static final String ENDPOINTS = PREFIX + ".endpoints";
    public static final String ACCOUNT_ID = PREFIX + ".account-id";

    public AwsSettings {
        if (region == null || region.isBlank()) {
            // Not a fixed default: a function deployed in eu-west-1 must find its tables in eu-west-1.
            region = SdkSystemSetting.AWS_REGION.getStringValue().orElse(DEFAULT_REGION);
        }
        if (region == null || !region.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException(REGION + " must be an AWS region such as eu-west-1, not " + region);
        }
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        if (endpoint != null) {
            requireHttp(ENDPOINT, endpoint);
        }
        endpoints.forEach((service, uri) -> requireHttp(ENDPOINTS + "." + service, uri));
        if (accountId != null && !accountId.isBlank() && !accountId.strip().matches("\\d{12}")) {
            throw new IllegalArgumentException(ACCOUNT_ID + " must be a 12-digit AWS account id, not " + accountId);
        }
    }

    /** The endpoint of {@code service}: its own, else the common one; empty in AWS (the SDK knows). */
    public Optional<URI> endpointFor(String service) {
        return Optional.ofNullable(endpoints.get(service)).or(() -> Optional.ofNullable(endpoint));
    }

    /** The static credentials, when both halves are set; otherwise the SDK's default chain applies. */
    public Optional<AwsBasicCredentials> staticCredentials() {
        return accessKeyId == null || secretAccessKey == null ? Optional.empty()
                : Optional.of(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    /** The AWS account Skyport runs in; empty where it does not run in AWS (the local platform). */
    public Optional<String> account() {
        return Optional.ofNullable(accountId).map(String::strip).filter(id -> !id.isEmpty());
    }

    private static void requireHttp(String property, URI uri) {
        if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(property + " must be an http(s) URL, not " + uri);
        }
    }
}
