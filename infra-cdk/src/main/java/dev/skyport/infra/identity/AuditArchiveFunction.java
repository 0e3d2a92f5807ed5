package dev.skyport.infra.identity;

import dev.skyport.audit.config.AuditArchiveSettings;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.WatchedDeadLetters;
import dev.skyport.infra.data.AuditArchiveBucket;
import dev.skyport.infra.data.TableStreams;
import dev.skyport.platform.config.EnvironmentNames;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The audit archive: a function on the audit table's stream (new entries only) that copies them into the archive
 * bucket under Object Lock ({@code AuditArchiveHandler}). Its role may read that stream, put objects under the
 * archive's prefix and nothing else: no read of the bucket, no delete, no change of an object's retention or legal
 * hold, no bypass of governance retention (explicitly denied, whatever else a later grant allows), and the audit
 * table's own append-only denials. Batches are retried for up to 23 hours or 10,000 tries (S3 down, a permission
 * missing), one shard in order, then described in a dead-letter queue with an alarm: the entries are still in the table for a year, and
 * {@code GET /admin/audit/export} of that time range fills the gap ({@code docs/operations.md}).
 */
public class AuditArchiveFunction extends Construct {

    /** What no role may do to the archive's objects. */
    public static final List<String> ARCHIVE_DENIED = List.of("s3:DeleteObject", "s3:DeleteObjectVersion",
            "s3:PutObjectRetention", "s3:PutObjectLegalHold", "s3:BypassGovernanceRetention",
            "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration", "s3:PutBucketPolicy",
            "s3:DeleteBucket");

    private final SkyportFunction function;
    private final WatchedDeadLetters deadLetters;

    public AuditArchiveFunction(Construct scope, String id, SkyportSettings settings, ITable audit, IBucket archive) {
        super(scope, id);
        function = new SkyportFunction(this, "Function", settings.functionJar("accounts", "archive"),
                "dev.skyport.accounts.AuditArchiveHandler", Map.of(
                        EnvironmentNames.of(AuditArchiveSettings.BUCKET), archive.getBucketName()));
        function.withoutSnapStart();
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(archive.arnForObjects(AuditArchiveBucket.PREFIX + "*")))
                .build());
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .actions(ARCHIVE_DENIED)
                .resources(List.of(archive.getBucketArn(), archive.arnForObjects("*")))
                .build());
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .actions(SkyportFunction.APPEND_ONLY_DENIED)
                .resources(List.of(audit.getTableArn(), audit.getTableArn() + "/index/*"))
                .build());

        deadLetters = new WatchedDeadLetters(this, "DeadLetters", "the audit table stream's event source mapping",
                "Audit entries could not be copied to the archive bucket for up to 23 hours: they are in the audit table (for"
                        + " a year) but not in the archive. The message names the shard and the sequence numbers;"
                        + " fix the cause, then export that time range (GET /admin/audit/export) into the archive"
                        + " as docs/operations.md says.");
        function.live().addEventSource(TableStreams.readingInOrder(audit, deadLetters)
                // The archive is the log's long memory: worth waiting for, and nothing else reads this stream. Less
                // than the stream's 24 hours, so the dead-letter notice is written while its records still exist.
                .retryAttempts(10_000)
                .maxRecordAge(Duration.hours(23))
                .filters(List.of(FilterCriteria.filter(Map.of("eventName", FilterRule.or("INSERT")))))
                .build());
        NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("Archive objects are named by day and stream position, known only at run time: put under"
                        + " the audit/ prefix of the archive bucket only; deleting or unlocking is denied.")
                .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::.*AuditArchiveCopies.*\\/audit\\/\\*$/g")
                        .build()))
                .build()), true);
    }

    public SkyportFunction function() {
        return function;
    }

    public WatchedDeadLetters deadLetters() {
        return deadLetters;
    }
}
