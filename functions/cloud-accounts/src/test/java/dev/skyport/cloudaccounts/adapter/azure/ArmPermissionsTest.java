package dev.skyport.cloudaccounts.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What ARM's permissions answer grants, read as Azure reads role definitions. */
class ArmPermissionsTest {

    private static JsonNode answer(String json) throws IOException {
        return JsonMapper.createDefault().readValue(json.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    @Test
    void an_action_is_granted_by_a_matching_action_not_taken_back_by_that_same_permissions_not_actions()
            throws IOException {
        JsonNode permissions = answer("""
                {"value":[{"actions":["Microsoft.ContainerService/*","microsoft.network/virtualNetworks/read"],
                           "notActions":["Microsoft.ContainerService/managedClusters/delete"]},
                          {"actions":["Microsoft.Storage/*/read"],"notActions":[]}]}""");
        assertThat(ArmCloudVerifier.unpermitted(permissions, "actions", List.of(
                "Microsoft.ContainerService/managedClusters/write",
                "Microsoft.ContainerService/managedClusters/delete",
                "Microsoft.Network/virtualNetworks/read",
                "Microsoft.Network/virtualNetworks/write",
                "Microsoft.Storage/storageAccounts/read",
                "Microsoft.Storage/storageAccounts/write")))
                .containsExactly("Microsoft.ContainerService/managedClusters/delete",
                        "Microsoft.Network/virtualNetworks/write", "Microsoft.Storage/storageAccounts/write");
    }

    @Test
    void a_not_action_of_one_role_does_not_take_back_what_another_role_grants() throws IOException {
        JsonNode permissions = answer("""
                {"value":[{"actions":["*"],"notActions":["Microsoft.Authorization/*/write"]},
                          {"actions":["Microsoft.Authorization/roleAssignments/write"]}]}""");
        assertThat(ArmCloudVerifier.unpermitted(permissions, "actions",
                List.of("Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/locks/write")))
                .containsExactly("Microsoft.Authorization/locks/write");
    }

    @Test
    void data_actions_are_read_from_their_own_lists() throws IOException {
        JsonNode permissions = answer("""
                {"value":[{"actions":["*"],"dataActions":["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
                           "notDataActions":[]}]}""");
        assertThat(ArmCloudVerifier.unpermitted(permissions, "dataActions", ArmCloudVerifier.STATE_DATA_ACTIONS))
                .containsExactly("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
                        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete");
        assertThat(ArmCloudVerifier.unpermitted(answer("{}"), "actions", List.of("a/b"))).containsExactly("a/b");
    }
}
