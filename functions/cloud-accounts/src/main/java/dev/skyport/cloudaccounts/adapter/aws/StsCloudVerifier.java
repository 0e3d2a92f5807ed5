package dev.skyport.cloudaccounts.adapter.aws;

import dev.skyport.cloudaccounts.adapter.ProviderSettings;
import dev.skyport.cloudaccounts.application.CloudVerifier;
import dev.skyport.cloudaccounts.domain.Bucket;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudCredentials.AwsAccessKeys;
import dev.skyport.cloudaccounts.domain.CloudCredentials.AwsRole;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.VerifiedAccount;
import dev.skyport.platform.aws.AwsSettings;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * AWS: access keys are checked with STS GetCallerIdentity; a role is assumed with STS AssumeRole, presenting the
 * user's external id, with Skyport's own credentials. Buckets come from S3 ListBuckets.
 */
@Singleton
public class StsCloudVerifier implements CloudVerifier {

    private final SdkHttpClient http;
    private final AwsCredentialsProvider skyportCredentials;
    private final ProviderSettings settings;
    private final AwsSettings endpoints;

    public StsCloudVerifier(SdkHttpClient http, AwsCredentialsProvider skyportCredentials, ProviderSettings settings,
                            AwsSettings endpoints) {
        this.http = http;
        this.skyportCredentials = skyportCredentials;
        this.settings = settings;
        this.endpoints = endpoints;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AWS;
    }

    @Override
    public VerifiedAccount verify(CloudCredentials credentials, String externalId) {
        return switch (credentials) {
            case AwsAccessKeys keys -> {
                GetCallerIdentityResponse caller = call(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())), StsClient::getCallerIdentity);
                yield new VerifiedAccount(Map.of("account_id", caller.account(), "arn", caller.arn()), Map.of());
            }
            case AwsRole role -> {
                AssumeRoleResponse assumed = assume(role, externalId);
                requireExternalId(role);
                yield new VerifiedAccount(Map.of("account_id", role.accountId(), "role_arn", role.roleArn(),
                        "arn", assumed.assumedRoleUser().arn()), Map.of());
            }
            default -> throw new IllegalArgumentException("not AWS credentials: " + credentials.provider());
        };
    }

    @Override
    public List<Bucket> buckets(CloudCredentials credentials, String externalId) {
        try (S3Client s3 = s3(sessionOf(credentials, externalId), settings.awsRegion())) {
            return s3.listBuckets().buckets().stream()
                    .map(bucket -> new Bucket(bucket.name(), bucket.bucketRegion() == null ? "" : bucket.bucketRegion()))
                    .toList();
        } catch (RuntimeException e) {
            throw AwsProviderErrors.translate(e);
        }
    }

    AwsCredentialsProvider sessionOf(CloudCredentials credentials, String externalId) {
        return switch (credentials) {
            case AwsAccessKeys keys -> StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
            case AwsRole role -> {
                var session = assume(role, externalId).credentials();
                yield StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(),
                        session.secretAccessKey(), session.sessionToken()));
            }
            default -> throw new IllegalArgumentException("not AWS credentials: " + credentials.provider());
        };
    }

    S3Client s3(AwsCredentialsProvider credentials, String region) {
        var builder = S3Client.builder().httpClient(http).region(Region.of(region))
                .credentialsProvider(credentials).overrideConfiguration(oneAttempt())
                .forcePathStyle(endpoints.endpointFor("s3").isPresent());
        endpoints.endpointFor("s3").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * A role that lets Skyport in without the owner's external id would let any Skyport user who learns its ARN use
     * it (the confused deputy the external id exists to stop): it is assumed once more with an id nobody has, which
     * must be refused.
     */
    private void requireExternalId(AwsRole role) {
        try {
            assume(role, "skyport-probe-" + UUID.randomUUID());
        } catch (CloudVerificationException refused) {
            return; // as it should be (AccessDenied); any other answer is not this check's business
        }
        throw new CloudVerificationException(CloudVerificationException.Cause.ROLE_TRUST_TOO_BROAD, null,
                role.roleArn() + " accepted an external id that is not yours");
    }

    private AssumeRoleResponse assume(AwsRole role, String externalId) {
        return call(skyportCredentials, sts -> sts.assumeRole(b -> b.roleArn(role.roleArn()).externalId(externalId)
                .roleSessionName("skyport-verify").durationSeconds(900)));
    }

    <T> T call(AwsCredentialsProvider credentials, Function<StsClient, T> request) {
        var builder = StsClient.builder().httpClient(http).region(Region.of(settings.awsRegion()))
                .credentialsProvider(credentials).overrideConfiguration(oneAttempt());
        endpoints.endpointFor("sts").ifPresent(builder::endpointOverride);
        try (StsClient sts = builder.build()) {
            return request.apply(sts);
        } catch (RuntimeException e) {
            throw AwsProviderErrors.translate(e);
        }
    }

    ClientOverrideConfiguration oneAttempt() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(settings.timeout())
                .retryStrategy(AwsRetryStrategy.doNotRetry()).build();
    }
}
