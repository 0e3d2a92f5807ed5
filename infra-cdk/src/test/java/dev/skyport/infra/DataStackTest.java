package dev.skyport.infra;

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
    void deletion_protection_can_be_turned_off_for_throwaway_environments() {
        App app = new App();
        SkyportApp.Stacks throwaway = SkyportApp.build(app, new SkyportSettings(false, "a@b.c", "b.c", "", "",
                Optional.empty(), Path.of("../functions"), "admin", Path.of("terraform-image")));
        Template.fromStack(throwaway.data()).hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "Replicas", List.of(Match.objectLike(Map.of("DeletionProtectionEnabled", false)))));
    }

    @Test
    void the_token_keys_are_two_secrets_that_start_empty_for_token_keys_init() {
        data.resourceCountIs("AWS::SecretsManager::Secret", 2);
        data.allResourcesProperties("AWS::SecretsManager::Secret", Map.of("SecretString", TokenKeySets.NO_KEYS_YET));
        data.hasOutput("TokenSigningKeysSecretArn", Match.anyValue());
        data.hasOutput("TokenVerificationKeysSecretArn", Match.anyValue());
    }
}
