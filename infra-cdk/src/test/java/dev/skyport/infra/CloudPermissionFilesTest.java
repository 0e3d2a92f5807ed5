package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import dev.skyport.cloudaccounts.adapter.permissions.PublishedRoles;
import org.yaml.snakeyaml.Yaml;

/**
 * The Azure and GCP permissions a customer applies (there is no offline policy simulator for either, so the checks
 * are these): each resource the image's Terraform makes has the permissions it needs, and nothing grants a way out
 * (no wildcard action, no IAM change, a scope no wider than the resource group Skyport uses).
 */
class CloudPermissionFilesTest {

    private static final Path PERMISSIONS = Path.of("terraform-image/permissions");
    private static final Path MODULES = Path.of("terraform-image/terraform/modules");
    /** Each resource type the modules make, and the permissions making, changing and removing it take. */
    private static final Map<String, List<String>> AZURE_NEEDS = Map.of(
            "azurerm_virtual_network", List.of("Microsoft.Network/virtualNetworks/write",
                    "Microsoft.Network/virtualNetworks/delete"),
            "azurerm_subnet", List.of("Microsoft.Network/virtualNetworks/subnets/write",
                    "Microsoft.Network/virtualNetworks/subnets/delete",
                    "Microsoft.Network/virtualNetworks/subnets/join/action"),
            "azurerm_kubernetes_cluster", List.of("Microsoft.ContainerService/managedClusters/write",
                    "Microsoft.ContainerService/managedClusters/delete",
                    "Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action"),
            "azurerm_kubernetes_cluster_node_pool", List.of(
                    "Microsoft.ContainerService/managedClusters/agentPools/write",
                    "Microsoft.ContainerService/managedClusters/agentPools/delete"));
    private static final Map<String, List<String>> GCP_NEEDS = Map.of(
            "google_compute_network", List.of("compute.networks.create", "compute.networks.delete"),
            "google_compute_subnetwork", List.of("compute.subnetworks.create", "compute.subnetworks.delete",
                    "compute.subnetworks.use"),
            "google_compute_router", List.of("compute.routers.create", "compute.routers.delete"),
            "google_compute_router_nat", List.of("compute.routers.update"),
            "google_container_cluster", List.of("container.clusters.create", "container.clusters.delete",
                    "container.clusters.update"),
            "google_container_node_pool", List.of("container.clusters.update", "container.operations.get"));

    private static List<String> resourceTypes(String module) throws IOException {
        Matcher resource = Pattern.compile("(?m)^resource \"([a-z0-9_]+)\"").matcher(
                Files.readString(MODULES.resolve(module).resolve("main.tf")));
        List<String> types = new ArrayList<>();
        while (resource.find()) {
            types.add(resource.group(1));
        }
        return types;
    }

    @Test
    void the_azure_role_covers_what_the_aks_module_makes_within_the_skyport_resource_group_only() throws IOException {
        JsonNode role = IamSimulator.read(Files.readString(PERMISSIONS.resolve("azure-role.json")));
        List<String> actions = new ArrayList<>();
        role.path("Actions").forEach(action -> actions.add(action.asText()));
        assertThat(role.path("IsCustom").asBoolean()).isTrue();
        assertThat(role.path("AssignableScopes")).singleElement().extracting(JsonNode::asText)
                .isEqualTo("/subscriptions/SUBSCRIPTION_ID/resourceGroups/skyport");
        assertThat(actions).noneMatch(action -> action.contains("*"))
                .filteredOn(action -> action.startsWith("Microsoft.Authorization/") && !action.endsWith("/read"))
                .allMatch(action -> action.startsWith("Microsoft.Authorization/roleAssignments/"));
        assertThat(actions).noneMatch(action -> action.startsWith("Microsoft.Resources/subscriptions/resourceGroups/")
                && !action.endsWith("/read"));
        List<String> types = resourceTypes("aks");
        assertThat(types).isNotEmpty().doesNotContain("azurerm_resource_group", "azurerm_role_assignment");
        for (String type : types) {
            assertThat(AZURE_NEEDS).as("what %s needs is known", type).containsKey(type);
            assertThat(actions).as(type).containsAll(AZURE_NEEDS.get(type));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_gcp_role_covers_what_the_gke_module_makes_and_changes_no_iam() throws IOException {
        Map<String, Object> role;
        try (InputStream in = Files.newInputStream(PERMISSIONS.resolve("gcp-role.yaml"))) {
            role = new Yaml().load(in);
        }
        List<String> permissions = (List<String>) role.get("includedPermissions");
        assertThat(role.get("stage")).isEqualTo("GA");
        assertThat(permissions).doesNotHaveDuplicates().allMatch(p -> p.matches("[a-z]+\\.[A-Za-z]+\\.[A-Za-z]+"))
                .noneMatch(p -> p.endsWith(".setIamPolicy") || p.startsWith("iam.roles.")
                        || p.equals("iam.serviceAccounts.create") || p.equals("iam.serviceAccountKeys.create")
                        || p.equals("iam.serviceAccounts.actAs"));
        List<String> types = resourceTypes("gke");
        assertThat(types).isNotEmpty().doesNotContain("google_service_account", "google_project_iam_member");
        for (String type : types) {
            assertThat(GCP_NEEDS).as("what %s needs is known", type).containsKey(type);
            assertThat(permissions).as(type).containsAll(GCP_NEEDS.get(type));
        }
        assertThat(Files.readString(MODULES.resolve("gke/main.tf"))).contains("account_id = \"skyport-nodes\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_preflight_asks_each_provider_for_exactly_what_the_published_role_grants() throws IOException {
        Map<String, Object> gcp;
        try (InputStream in = Files.newInputStream(PERMISSIONS.resolve("gcp-role.yaml"))) {
            gcp = new Yaml().load(in);
        }
        assertThat(PublishedRoles.gcpPermissions()).as("gcp-role.yaml, as a YAML parser reads it")
                .isEqualTo(gcp.get("includedPermissions")).hasSizeGreaterThan(100);
        JsonNode azure = IamSimulator.read(Files.readString(PERMISSIONS.resolve("azure-role.json")));
        List<String> actions = new ArrayList<>();
        azure.path("Actions").forEach(action -> actions.add(action.asText()));
        assertThat(PublishedRoles.azureActions()).isEqualTo(actions).isNotEmpty();
    }
}
