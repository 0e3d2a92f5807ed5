package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.platform.security.TokenKeySets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The SkyportData stack: tables, token-key secrets and deletion protection. */
class DataStackTest extends SynthesizedStacks {

    @Test
    void the_users_table_has_point_in_time_recovery_ttl_and_deletion_protection() {
        data.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "Replicas", List.of(Match.objectLike(Map.of(
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true)))));
        data.hasResource("AWS::DynamoDB::GlobalTable", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void the_clusters_table_streams_new_and_old_images_and_lists_by_owner() {
        data.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                "GlobalSecondaryIndexes", Match.arrayWith(List.of(Match.objectLike(Map.of("IndexName", "byOwner")),
                        Match.objectLike(Map.of("IndexName", "byLogStream", "KeySchema", List.of(
                                Map.of("AttributeName", "logStream", "KeyType", "HASH"),
                                Map.of("AttributeName", "sk", "KeyType", "RANGE")))))),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true)));
    }

    @Test
    void the_audit_table_keeps_entries_a_year_by_ttl_and_lists_everyone_s_by_day() {
        data.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "byDay", "KeySchema", List.of(
                        Map.of("AttributeName", "day", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE"))))),
                "Replicas", List.of(Match.objectLike(Map.of(
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true)))));
        assertThat(dev.skyport.audit.domain.AuditEntry.KEPT).isEqualTo(java.time.Duration.ofDays(365));
        data.hasOutput("AuditTableName", Match.anyValue());
    }

    /**
     * Append-only, as IAM says: every statement of every role that allows anything on the audit table allows PutItem
     * or Query and nothing else; every role that may put denies every way to change or remove an item; only the
     * accounts function (GET /audit, /admin/audit) queries.
     */
    @Test
    @SuppressWarnings("unchecked")
    void no_role_may_update_or_delete_audit_entries_and_only_the_accounts_function_reads_them() {
        java.util.Set<String> appenders = new java.util.TreeSet<>();
        java.util.Set<String> readers = new java.util.TreeSet<>();
        java.util.Set<String> denying = new java.util.TreeSet<>();
        for (Template template : List.of(api, provisioning, data)) {
            for (Map.Entry<String, Map<String, Object>> policy : template.findResources("AWS::IAM::Policy")
                    .entrySet()) {
                Map<String, Object> properties = (Map<String, Object>) policy.getValue().get("Properties");
                List<Map<String, Object>> statements = (List<Map<String, Object>>)
                        ((Map<String, Object>) properties.get("PolicyDocument")).get("Statement");
                for (Map<String, Object> statement : statements) {
                    String resource = String.valueOf(statement.get("Resource"));
                    if (!resource.contains("AuditTable") || resource.contains("StreamArn")) {
                        continue; // the stream's records (the archive reads them) are not the table's items
                    }
                    List<String> actions = statement.get("Action") instanceof List<?> list
                            ? (List<String>) list : List.of(String.valueOf(statement.get("Action")));
                    if ("Deny".equals(statement.get("Effect"))) {
                        assertThat(actions).containsAll(dev.skyport.infra.api.SkyportFunction.APPEND_ONLY_DENIED);
                        denying.add(policy.getKey());
                        continue;
                    }
                    assertThat(actions).as(policy.getKey() + " on the audit table").isSubsetOf(
                            "dynamodb:PutItem", "dynamodb:Query");
                    if (actions.contains("dynamodb:PutItem")) {
                        appenders.add(policy.getKey());
                    }
                    if (actions.contains("dynamodb:Query")) {
                        readers.add(policy.getKey());
                    }
                }
            }
        }
        assertThat(appenders).hasSize(6).allSatisfy(role -> assertThat(role).matches(
                "(Auth|Accounts|CloudAccounts|Clusters|Notifications|StreamPublisher)FunctionRole.*"));
        assertThat(denying).containsAll(appenders).hasSize(7).anySatisfy(role -> assertThat(role)
                .startsWith("AuditArchiveFunctionRole"));
        assertThat(readers).singleElement().satisfies(role -> assertThat(role).startsWith("AccountsFunctionRole"));
        api.hasResourceProperties("AWS::Logs::MetricFilter", Map.of("FilterPattern",
                "\"" + dev.skyport.audit.application.AuditLog.NOT_RECORDED + "\"",
                "MetricTransformations", List.of(Match.objectLike(Map.of("MetricName",
                        dev.skyport.infra.api.SkyportFunction.AUDIT_NOT_RECORDED_METRIC)))));
        api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName",
                dev.skyport.infra.api.SkyportFunction.AUDIT_NOT_RECORDED_METRIC, "Threshold", 1));
    }

    /**
     * The audit log outlives the table's year: its stream's new entries go to a versioned bucket with Object Lock in
     * compliance mode for seven years and deleted when that ends, read by one function through a filtered event source
     * that waits 23 hours, inside the stream's 24, before giving up on a batch.
     */
    @Test
    void new_audit_entries_are_copied_to_a_bucket_locked_in_compliance_mode_for_seven_years() {
        data.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "byDay"))),
                "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES")));
        data.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "ObjectLockEnabled", true,
                "ObjectLockConfiguration", Map.of("ObjectLockEnabled", "Enabled", "Rule", Map.of("DefaultRetention",
                        Map.of("Mode", "COMPLIANCE", "Days", SkyportSettings.DEFAULT_AUDIT_ARCHIVE_DAYS))),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "LifecycleConfiguration", Map.of("Rules", List.of(
                        Match.objectLike(Map.of("ExpirationInDays", SkyportSettings.DEFAULT_AUDIT_ARCHIVE_DAYS,
                                "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 1))),
                        Match.objectLike(Map.of("ExpiredObjectDeleteMarker", true)))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        data.hasOutput("AuditArchiveBucketName", Match.anyValue());
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.skyport.accounts.AuditArchiveHandler::handleRequest",
                "SnapStart", Match.absent(),
                "Environment", Map.of("Variables", Match.objectLike(Map.of("SKYPORT_AUDIT_ARCHIVE_BUCKET",
                        Match.anyValue())))));
        api.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Match.objectLike(Map.of("Fn::ImportValue", Match.stringLikeRegexp(
                        ".*AuditTable.*StreamArn.*"))),
                "FilterCriteria", Map.of("Filters", List.of(Map.of("Pattern", "{\"eventName\":[\"INSERT\"]}"))),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "MaximumRecordAgeInSeconds", 82800,
                "DestinationConfig", Match.objectLike(Map.of("OnFailure", Match.anyValue()))));
    }

    @Test
    void deletion_protection_can_be_turned_off_for_throwaway_environments() {
        App app = new App();
        SkyportApp.Stacks throwaway = SkyportApp.build(app, new SkyportSettings(false, "a@b.c", "b.c", "", "",
                Optional.empty(), Path.of("../functions"), "admin", Path.of("terraform-image")));
        Template data = Template.fromStack(throwaway.data());
        data.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "Replicas", List.of(Match.objectLike(Map.of("DeletionProtectionEnabled", false)))));
        // and the audit archive's lock is governance: a throwaway stack's copies can be cleared
        data.hasResourceProperties("AWS::S3::Bucket", Map.of("ObjectLockConfiguration", Map.of(
                "ObjectLockEnabled", "Enabled", "Rule", Map.of("DefaultRetention", Map.of("Mode", "GOVERNANCE",
                        "Days", SkyportSettings.DEFAULT_AUDIT_ARCHIVE_DAYS)))));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new SkyportSettings(true, "a@b.c", "b.c", "",
                "", Optional.empty(), Path.of("../functions"), "admin", Path.of("terraform-image"), Optional.empty(),
                ReservedConcurrency.DEFAULTS, 30)))
                .as("an archive shorter than the table's year").hasMessageContaining("skyport:auditArchiveDays");
    }

    @Test
    void the_token_keys_are_two_secrets_that_start_empty_for_token_keys_init_and_the_mfa_key_is_generated() {
        data.resourceCountIs("AWS::SecretsManager::Secret", 3);
        org.assertj.core.api.Assertions.assertThat(data.findResources("AWS::SecretsManager::Secret", Map.of(
                "Properties", Map.of("SecretString", TokenKeySets.NO_KEYS_YET)))).hasSize(2);
        data.hasOutput("TokenSigningKeysSecretArn", Match.anyValue());
        data.hasOutput("TokenVerificationKeysSecretArn", Match.anyValue());
        data.hasOutput("SecondFactorKeySecretArn", Match.anyValue());
        data.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString",
                Map.of("PasswordLength", 64, "ExcludePunctuation", true)));
    }
}
