package dev.skyport.infra.data;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Where the audit log outlives the table's year: a versioned bucket with Object Lock on and a default retention on
 * every object version written. In {@code compliance} mode (deletion-protected deployments) no one, the account's
 * root included, can delete a version or shorten its retention before it ends; in {@code governance} mode (throwaway
 * environments) only a principal allowed {@code s3:BypassGovernanceRetention} can, so such a stack can be cleared.
 * Never public, TLS only. A copy is deleted the day after its retention ends.
 */
public class AuditArchiveBucket extends Construct {

    /** The prefix the archive writes under ({@code AuditArchiveHandler}'s keys). */
    public static final String PREFIX = "audit/";

    private final Bucket bucket;

    public AuditArchiveBucket(Construct scope, String id, int retentionDays, boolean compliance) {
        super(scope, id);
        Duration retention = Duration.days(retentionDays);
        bucket = Bucket.Builder.create(this, "Copies")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .objectLockEnabled(true)
                .objectLockDefaultRetention(compliance ? ObjectLockRetention.compliance(retention)
                        : ObjectLockRetention.governance(retention))
                // A version is deleted a day after it stops being current, which happens when its retention ends
                // (expiration adds a delete marker then); Object Lock refuses any earlier removal anyway. The marker
                // left alone is removed by the second rule. Copies are small (a batch of entries, well under S3's
                // 128 KB floor for storage-class transitions), so they stay in Standard.
                .lifecycleRules(List.of(LifecycleRule.builder()
                                .expiration(retention)
                                .noncurrentVersionExpiration(Duration.days(1))
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build(),
                        LifecycleRule.builder().expiredObjectDeleteMarker(true).build()))
                // Object Lock keeps the versions whatever CloudFormation does; the bucket stays with them.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        NagSuppressions.addResourceSuppressions(bucket, List.of(NagPackSuppression.builder().id("AwsSolutions-S1")
                .reason("One writer, the audit archive function, which logs every key it writes; nothing can change"
                        + " or delete a copy. Who reads copies is for CloudTrail's S3 data events on this bucket"
                        + " (docs/operations.md, 'The audit archive'), which keep the reader's identity as server"
                        + " access logs do not.")
                .build()));
    }

    public IBucket bucket() {
        return bucket;
    }
}
