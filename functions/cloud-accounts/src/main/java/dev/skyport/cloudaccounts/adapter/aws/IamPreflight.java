package dev.skyport.cloudaccounts.adapter.aws;

import dev.skyport.cloudaccounts.application.CloudPreflight;
import dev.skyport.cloudaccounts.domain.AwsRunActions;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudCredentials.AwsRole;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.PreflightReport;
import dev.skyport.cloudaccounts.domain.PreflightScope;
import dev.skyport.platform.aws.AwsSettings;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * AWS's preflight: IAM evaluates every call of a run ({@link AwsRunActions}) for the role or user itself
 * ({@code SimulatePrincipalPolicy}, which the published template grants on the role), and S3 says whether the state
 * bucket is there, in the cluster's region, versioned and blocking public access. Only where the IAM client is
 * packaged: the preflight's own function and the local platform, not the cloud-accounts API (whose jar stays under
 * its size goal).
 */
@Singleton
@Requires(classes = IamClient.class)
public class IamPreflight implements CloudPreflight {

    /** One simulation, its retries included (a preflight makes about two dozen, within the function's minute). */
    private static final Duration SIMULATION_TIMEOUT = Duration.ofSeconds(10);

    private final StsCloudVerifier sts;
    private final SdkHttpClient http;
    private final AwsSettings endpoints;

    public IamPreflight(StsCloudVerifier sts, SdkHttpClient http, AwsSettings endpoints) {
        this.sts = sts;
        this.http = http;
        this.endpoints = endpoints;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AWS;
    }

    @Override
    public PreflightReport preflight(CloudCredentials credentials, String externalId, PreflightScope scope) {
        AwsCredentialsProvider session = sts.sessionOf(credentials, externalId);
        String principal = switch (credentials) {
            case AwsRole role -> role.roleArn();
            default -> sts.call(session, StsClient::getCallerIdentity).arn();
        };
        String[] arn = principal.split(":", 6);
        if (!arn[5].startsWith("user/") && !arn[5].startsWith("role/")) {
            return PreflightReport.of(PreflightReport.PREREQUISITE_MISSING, "the access keys are " + principal
                    + "'s: use an IAM user's keys, or the role, so Skyport can check what they may do");
        }
        return simulate(session, principal, AwsRunActions.of(arn[1], arn[4], scope))
                .and(stateBucket(session, scope));
    }

    /**
     * Every call of the run, evaluated by IAM for the principal: one simulation per resource and context, each
     * answering for its actions. A principal that may not simulate its own policies gets that one finding.
     */
    private PreflightReport simulate(AwsCredentialsProvider session, String principal,
                                     List<AwsRunActions.Check> checks) {
        Map<List<Object>, List<AwsRunActions.Check>> groups = new LinkedHashMap<>();
        for (AwsRunActions.Check check : checks) {
            groups.computeIfAbsent(List.of(check.resource(), check.context()), k -> new ArrayList<>()).add(check);
        }
        List<String> missing = new ArrayList<>();
        // Two dozen simulations one after the other: IAM's throttling is retried (standard backoff).
        var builder = IamClient.builder().httpClient(http).region(globalRegion(principal))
                .credentialsProvider(session)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                        .apiCallTimeout(SIMULATION_TIMEOUT).build());
        endpoints.endpointFor("iam").ifPresent(builder::endpointOverride);
        try (IamClient iam = builder.build()) {
            for (List<AwsRunActions.Check> group : groups.values()) {
                AwsRunActions.Check first = group.getFirst();
                List<String> actions = group.stream().map(AwsRunActions.Check::action).distinct().toList();
                Iterable<EvaluationResult> results = iam.simulatePrincipalPolicyPaginator(b -> b
                        .policySourceArn(principal)
                        .actionNames(actions)
                        .resourceArns(first.resource())
                        .contextEntries(first.context().stream().map(IamPreflight::entry).toList()))
                        .evaluationResults();
                for (EvaluationResult result : results) {
                    if (result.evalDecision() != PolicyEvaluationDecisionType.ALLOWED) {
                        missing.add(result.evalActionName() + ("*".equals(first.resource()) ? ""
                                : " on " + first.resource()));
                    }
                }
            }
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null && "AccessDenied".equals(e.awsErrorDetails().errorCode())) {
                return PreflightReport.missing(List.of("iam:SimulatePrincipalPolicy on " + principal
                        + " (so Skyport can check the rest before a run)"));
            }
            throw AwsProviderErrors.translate(e);
        } catch (RuntimeException e) {
            throw AwsProviderErrors.translate(e);
        }
        return PreflightReport.missing(missing);
    }

    /** IAM's one endpoint in the principal's partition. */
    private static Region globalRegion(String principal) {
        return switch (principal.split(":", 3)[1]) {
            case "aws-cn" -> Region.AWS_CN_GLOBAL;
            case "aws-us-gov" -> Region.AWS_US_GOV_GLOBAL;
            default -> Region.AWS_GLOBAL;
        };
    }

    private static ContextEntry entry(AwsRunActions.Context context) {
        ContextKeyTypeEnum type = switch (context.type()) {
            case STRING -> ContextKeyTypeEnum.STRING;
            case STRING_LIST -> ContextKeyTypeEnum.STRING_LIST;
            case BOOLEAN -> ContextKeyTypeEnum.BOOLEAN;
            case ARN -> ContextKeyTypeEnum.STRING;
        };
        return ContextEntry.builder().contextKeyName(context.key()).contextKeyType(type)
                .contextKeyValues(context.values()).build();
    }

    /** The state bucket: there, in the run's region, versioned, and blocking every kind of public access. */
    private PreflightReport stateBucket(AwsCredentialsProvider session, PreflightScope scope) {
        String bucket = scope.stateBucket();
        try (S3Client s3 = sts.s3(session, scope.region())) {
            try {
                s3.headBucket(b -> b.bucket(bucket));
            } catch (AwsServiceException e) {
                String elsewhere = e.statusCode() == 301 ? e.awsErrorDetails().sdkHttpResponse()
                        .firstMatchingHeader("x-amz-bucket-region").orElse("another region") : null;
                if (elsewhere != null) {
                    return PreflightReport.of(PreflightReport.STATE_BUCKET_ELSEWHERE, "bucket " + bucket + " is in "
                            + elsewhere + ", the cluster in " + scope.region()
                            + ": the state must be in the cluster's region");
                }
                if (e.statusCode() == 404 || e.statusCode() == 403) {
                    return PreflightReport.of(PreflightReport.STATE_BUCKET_NOT_FOUND, "bucket " + bucket
                            + (e.statusCode() == 404 ? " does not exist" : " is not visible to these credentials"));
                }
                throw e;
            }
            List<PreflightReport.Finding> findings = new ArrayList<>();
            try {
                if (s3.getBucketVersioning(b -> b.bucket(bucket)).status() != BucketVersioningStatus.ENABLED) {
                    findings.add(new PreflightReport.Finding(PreflightReport.STATE_BUCKET_UNVERSIONED, "bucket "
                            + bucket + " keeps no versions: turn versioning on, so a bad write cannot lose a"
                            + " cluster's state"));
                }
            } catch (AwsServiceException e) {
                findings.add(refused(e, "s3:GetBucketVersioning on bucket " + bucket));
            }
            try {
                if (!blocksPublicAccess(s3, bucket)) {
                    findings.add(new PreflightReport.Finding(PreflightReport.STATE_BUCKET_PUBLIC, "bucket " + bucket
                            + " does not block public access (Block Public Access, all four settings, on the"
                            + " bucket): the state holds the cluster's secrets"));
                }
            } catch (AwsServiceException e) {
                findings.add(refused(e, "s3:GetBucketPublicAccessBlock on bucket " + bucket));
            }
            return new PreflightReport(findings);
        } catch (RuntimeException e) {
            throw AwsProviderErrors.translate(e);
        }
    }

    /** A check of the bucket that S3 refused: the permission it takes is missing; anything else is AWS's answer. */
    private static PreflightReport.Finding refused(AwsServiceException e, String permission) {
        if (e.statusCode() == 403) {
            return new PreflightReport.Finding(PreflightReport.MISSING_PERMISSIONS, permission);
        }
        throw e;
    }

    private static boolean blocksPublicAccess(S3Client s3, String bucket) {
        try {
            PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(b -> b.bucket(bucket))
                    .publicAccessBlockConfiguration();
            return Boolean.TRUE.equals(block.blockPublicAcls()) && Boolean.TRUE.equals(block.ignorePublicAcls())
                    && Boolean.TRUE.equals(block.blockPublicPolicy())
                    && Boolean.TRUE.equals(block.restrictPublicBuckets());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false; // NoSuchPublicAccessBlockConfiguration: nothing blocked
            }
            throw e;
        }
    }
}
