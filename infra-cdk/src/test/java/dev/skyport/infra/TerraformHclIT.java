package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.clusters.application.WorkflowReports;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.TerraformRunConfig;
import dev.skyport.kernel.UserId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Terraform of the image, checked offline (there is no terraform binary here): every file parses and is
 * formatted as {@code terraform fmt} would (npm's {@code @cdktf/hcl2json} and {@code @cdktf/hcl-tools}, see
 * {@link NodeChecks}), every module and provider version is pinned, and the clusters API and the
 * stacks agree: each field the API accepts is a variable of each provider's root stack, with a validation, and the
 * add-ons and their chart versions are the catalogue's.
 */
class TerraformHclIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TREE = Path.of("terraform-image/terraform").toAbsolutePath();
    private static final List<String> PROVIDERS = List.of("aws", "azure", "gcp");
    /**
     * Each field of the API's request ({@link ClusterSpec.Request}) and the stack variables that carry it; the state
     * backend is configured at init, not by variables.
     */
    private static final Map<String, List<String>> API_TO_TERRAFORM = Map.of(
            "name", List.of("name"),
            "region", List.of("region"),
            "kubernetesVersion", List.of("kubernetes_version"),
            "network", List.of("vpc_cidr", "public_subnet_cidrs", "private_subnet_cidrs"),
            "nodeGroups", List.of("node_groups"),
            "stateBucket", List.of(),
            "statePrefix", List.of(),
            "addons", List.of("addons"),
            "tags", List.of("tags"),
            "apiAccess", List.of("api_access"));

    private static JsonNode report;

    @BeforeAll
    static void parseEveryFile() throws Exception {
        report = JSON.readTree(NodeChecks.run("check-hcl.mjs", "", TREE.toString()));
    }

    private static Map<String, JsonNode> files() {
        Map<String, JsonNode> files = new TreeMap<>();
        report.fields().forEachRemaining(entry -> files.put(entry.getKey(), entry.getValue()));
        return files;
    }

    @Test
    void every_terraform_file_parses_and_is_formatted_as_terraform_fmt_would() {
        assertThat(files()).as("the .tf files of the image").hasSizeGreaterThanOrEqualTo(18);
        files().forEach((file, result) -> {
            assertThat(result.has("error")).as(file + ": " + result.path("error").asText()).isFalse();
            assertThat(result.path("formatted").asBoolean()).as(file + " is formatted (terraform fmt)").isTrue();
        });
    }

    @Test
    void every_module_provider_and_terraform_version_is_pinned() {
        Map<String, String> pinned = new TreeMap<>();
        int registryModules = 0;
        int providers = 0;
        for (Map.Entry<String, JsonNode> file : files().entrySet()) {
            JsonNode json = file.getValue().path("json");
            Iterator<Map.Entry<String, JsonNode>> modules = json.path("module").fields();
            while (modules.hasNext()) {
                Map.Entry<String, JsonNode> module = modules.next();
                JsonNode block = module.getValue().get(0);
                String source = block.path("source").asText();
                if (!source.startsWith("./") && !source.startsWith("../")) {
                    registryModules++;
                    assertThat(block.path("version").asText()).as(file.getKey() + ": module " + module.getKey()
                            + " is pinned to one release").matches("\\d+\\.\\d+\\.\\d+");
                }
            }
            for (JsonNode terraform : json.path("terraform")) {
                for (JsonNode required : terraform.path("required_providers")) {
                    Iterator<Map.Entry<String, JsonNode>> each = required.fields();
                    while (each.hasNext()) {
                        Map.Entry<String, JsonNode> provider = each.next();
                        providers++;
                        String version = provider.getValue().path("version").asText();
                        assertThat(version).as(file.getKey() + ": provider " + provider.getKey()
                                + " is pinned to one release").matches("\\d+\\.\\d+\\.\\d+");
                        assertThat(pinned.putIfAbsent(provider.getKey(), version)).as("provider " + provider.getKey()
                                + " at one version everywhere").isIn(null, version);
                    }
                }
                if (file.getKey().startsWith("stacks/")) {
                    assertThat(terraform.path("required_version").asText()).as(file.getKey())
                            .isEqualTo(">= 1.10.0");
                }
            }
        }
        assertThat(registryModules).as("the EKS stack's vpc and eks modules").isGreaterThanOrEqualTo(2);
        assertThat(providers).isGreaterThanOrEqualTo(7);
    }

    @Test
    void each_field_the_clusters_api_accepts_is_a_validated_variable_of_every_provider_stack() {
        List<String> fields = Arrays.stream(ClusterSpec.Request.class.getRecordComponents())
                .map(component -> component.getName()).toList();
        assertThat(API_TO_TERRAFORM.keySet()).as("every field of the API's request is mapped to the stacks")
                .containsExactlyInAnyOrderElementsOf(fields);
        List<String> expected = new ArrayList<>(List.of("cluster_id"));
        API_TO_TERRAFORM.values().forEach(expected::addAll);
        for (String provider : PROVIDERS) {
            JsonNode variables = files().get("stacks/" + provider + "/variables.tf").path("json").path("variable");
            for (String variable : expected) {
                assertThat(variables.has(variable)).as(provider + " stack has variable " + variable).isTrue();
                assertThat(variables.path(variable).get(0).path("validation").size())
                        .as(provider + " variable " + variable + " has a validation").isGreaterThanOrEqualTo(1);
            }
            assertThat(files()).containsKey("stacks/" + provider + "/main.tf");
            assertThat(files().get("stacks/" + provider + "/main.tf").path("json").path("terraform").get(0)
                    .path("backend").fieldNames().next()).isEqualTo(switch (provider) {
                        case "aws" -> "s3";
                        case "azure" -> "azurerm";
                        default -> "gcs";
                    });
        }
    }

    /** The add-ons module's catalogue: add-on name -> repository, chart, version, namespace, values, secrets. */
    private static JsonNode addonCharts() {
        for (JsonNode locals : files().get("addons/main.tf").path("json").path("locals")) {
            if (locals.has("catalogue")) {
                return locals.path("catalogue");
            }
        }
        throw new AssertionError("addons/main.tf has no locals.catalogue");
    }

    @Test
    void the_add_ons_and_their_chart_versions_are_the_catalogues() throws IOException {
        JsonNode charts = addonCharts();
        JsonNode validation = files().get("stacks/common/variables.tf").path("json").path("variable").path("addons")
                .get(0).path("validation").get(0);
        String allowed = validation.path("condition").asText();
        String message = validation.path("error_message").asText();
        for (String provider : PROVIDERS) {
            for (Catalogue.Addon addon : Catalogue.defaults().of(provider).addons()) {
                JsonNode chart = charts.path(addon.name());
                assertThat(chart.path("version").asText()).as(addon.name()).isEqualTo(addon.chartVersion());
                assertThat(allowed).as("the addons variable accepts " + addon.name())
                        .contains("\"" + addon.name() + "\"");
                assertThat(message).as("the addons variable's error names " + addon.name()).contains(addon.name());
                String source = chart.path("chart").asText();
                if (source.startsWith("${path.module}/")) {
                    // A chart of our own: its Chart.yaml is at the catalogue's version, its image tag pinned.
                    Path dir = TREE.resolve("addons").resolve(source.substring("${path.module}/".length()));
                    assertThat(Files.readString(dir.resolve("Chart.yaml"))).as(addon.name() + " Chart.yaml")
                            .containsPattern("(?m)^version: " + Pattern.quote(addon.chartVersion()) + "$");
                    assertThat(Files.readString(dir.resolve("values.yaml"))).as(addon.name() + " image tag")
                            .containsPattern("(?m)^  tag: \"\\d+\\.\\d+\\.\\d+\"$");
                    assertThat(chart.path("repository").isNull()).as(addon.name()).isTrue();
                } else {
                    assertThat(chart.path("repository").asText()).as(addon.name()).startsWith("https://");
                }
            }
            assertThat(charts.size()).isEqualTo(Catalogue.defaults().of(provider).addons().size());
        }
    }

    @Test
    void the_applications_are_reached_through_cluster_ip_services_with_generated_secrets_that_are_never_output() {
        JsonNode charts = addonCharts();
        Map<String, String> secretsEachNeeds = Map.of(
                "jupyterhub", "hub.config.SharedPasswordAuthenticator.user_password", "airflow", "fernetKey",
                "superset", "extraSecretEnv.SUPERSET_SECRET_KEY", "code-server", "password");
        for (String application : List.of("jupyterhub", "mlflow", "airflow", "superset", "code-server")) {
            JsonNode values = charts.path(application).path("values");
            List<String> serviceTypes = new ArrayList<>();
            values.fields().forEachRemaining(value -> {
                if (value.getKey().endsWith("service.type")) {
                    serviceTypes.add(value.getValue().asText());
                }
            });
            assertThat(serviceTypes).as(application + " sets its service type").isNotEmpty().containsOnly("ClusterIP");
        }
        secretsEachNeeds.forEach((application, secret) -> {
            assertThat(charts.path(application).path("secrets").has(secret)).as(application + " generates " + secret)
                    .isTrue();
            assertThat(charts.path(application).path("values").has(secret)).as(secret + " is not a plain value")
                    .isFalse();
        });
        charts.fields().forEachRemaining(addon -> addon.getValue().path("values").fields().forEachRemaining(value ->
                assertThat(value.getValue().asText()).as(addon.getKey() + " " + value.getKey())
                        .isNotIn("LoadBalancer", "NodePort")));
        JsonNode release = files().get("addons/main.tf").path("json").path("resource").path("helm_release")
                .path("addon").get(0);
        assertThat(release.path("set_sensitive").asText()).contains("local.secret_values");
        assertThat(release.path("set").asText()).contains("each.value.values").doesNotContain("secret");
        files().forEach((file, result) -> result.path("json").path("output").fields().forEachRemaining(output ->
                assertThat(output.getValue().toString()).as(file + ": output " + output.getKey())
                        .doesNotContain("random_password").doesNotContain("secret_values")));
        assertThat(files().get("addons/main.tf").path("json").has("output")).as("the add-ons module outputs nothing")
                .isFalse();
    }

    @Test
    void the_run_config_java_builds_sets_exactly_the_variables_every_provider_stack_declares() {
        for (String provider : PROVIDERS) {
            ClusterSpec spec = ClusterSpec.of(new ClusterSpec.Request("demo", Catalogue.defaults().of(provider)
                    .regions().getFirst(), null, java.util.Optional.empty(), java.util.Optional.empty(), "acmestate",
                    null, java.util.Optional.empty(), java.util.Optional.empty()), provider, Catalogue.defaults());
            Cluster cluster = Cluster.requested(new UserId("5f1c0d2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5"), "account", "ref",
                    spec, java.time.Instant.now());
            Run run = Run.requested(cluster.id(), Run.Action.APPLY, "someone", java.time.Instant.now(), false);
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = (Map<String, Object>) TerraformRunConfig.of(cluster.runBy(run), run,
                    List.of()).document().get("variables");
            List<String> declared = new ArrayList<>();
            files().get("stacks/" + provider + "/variables.tf").path("json").path("variable").fieldNames()
                    .forEachRemaining(declared::add);
            assertThat(variables.keySet()).as(provider).containsExactlyInAnyOrderElementsOf(declared);
        }
    }

    /**
     * Each provider's stack outputs what a kubeconfig needs under the run protocol's names, which are the names the
     * entry script reduces {@code terraform output -json} to and the clusters function reads.
     */
    @Test
    void every_stack_outputs_the_run_protocols_names_and_the_entry_script_reduces_to_exactly_them()
            throws IOException {
        Map<String, List<String>> providerOnly = Map.of("azure", List.of("resource_group"), "gcp", List.of("project"));
        for (String provider : PROVIDERS) {
            List<String> outputs = new ArrayList<>();
            files().get("stacks/" + provider + "/outputs.tf").path("json").path("output").fieldNames()
                    .forEachRemaining(outputs::add);
            List<String> expected = new ArrayList<>(WorkflowReports.OUTPUT_NAMES);
            expected.removeIf(name -> providerOnly.values().stream().anyMatch(only -> only.contains(name))
                    && !providerOnly.getOrDefault(provider, List.of()).contains(name));
            assertThat(outputs).as(provider + " stack outputs").containsExactlyInAnyOrderElementsOf(expected);
        }
        String script = Files.readString(TREE.resolveSibling("skyport-run.sh"));
        String reduction = script.substring(script.indexOf("succeed \"$(jq -c '{"),
                script.indexOf("\"$WORK/outputs.json\")\"", script.indexOf("succeed \"$(jq -c '{")));
        List<String> reduced = new ArrayList<>();
        java.util.regex.Matcher field = Pattern.compile("([a-z_]+): \\(\\.([a-z_]+)\\.value // \"\"\\)")
                .matcher(reduction);
        while (field.find()) {
            assertThat(field.group(1)).as("the script reports an output under its own name").isEqualTo(field.group(2));
            reduced.add(field.group(1));
        }
        assertThat(reduced).containsExactlyElementsOf(WorkflowReports.OUTPUT_NAMES);
        JsonNode eks = files().get("modules/eks/outputs.tf").path("json").path("output");
        assertThat(eks.path("certificate_authority").get(0).path("value").asText())
                .isEqualTo("${module.eks.cluster_certificate_authority_data}");
    }

    /** The kubeconfig Skyport writes for AKS authenticates with kubelogin: the cluster takes Entra ID tokens. */
    @Test
    void aks_takes_entra_id_tokens_and_terraform_alone_uses_the_local_admin_account() {
        JsonNode aks = files().get("modules/aks/main.tf").path("json").path("resource")
                .path("azurerm_kubernetes_cluster").path("this").get(0);
        JsonNode entra = aks.path("azure_active_directory_role_based_access_control").get(0);
        assertThat(entra.path("azure_rbac_enabled").asBoolean()).isTrue();
        assertThat(entra.path("tenant_id").asText()).contains("azurerm_client_config.current.tenant_id");
        JsonNode outputs = files().get("modules/aks/outputs.tf").path("json").path("output");
        for (String credential : List.of("client_certificate", "client_key")) {
            assertThat(outputs.path(credential).get(0).path("value").asText()).contains("kube_admin_config");
            assertThat(outputs.path(credential).get(0).path("sensitive").asBoolean()).isTrue();
        }
        for (String provider : PROVIDERS) {
            files().get("stacks/" + provider + "/outputs.tf").path("json").path("output").fieldNames()
                    .forEachRemaining(name -> assertThat(name).as(provider + " outputs no credential")
                            .doesNotContain("client_").doesNotContain("token").doesNotContain("key"));
        }
    }

    /** Every aws_iam_role of the image's Terraform, and every role the EKS module makes. */
    @Test
    void every_role_a_run_makes_carries_the_boundary_the_customers_template_names() throws IOException {
        String boundaryName = IamSimulator.read(Files.readString(CustomerAccount.TEMPLATE)).path("Resources")
                .path("Boundary").path("Properties").path("ManagedPolicyName").asText();
        assertThat(boundaryName).isEqualTo("skyport-boundary");
        String eks = Files.readString(TREE.resolve("modules/eks/main.tf"));
        assertThat(eks).contains(":policy/" + boundaryName + "\"");
        int roles = 0;
        for (Map.Entry<String, JsonNode> file : files().entrySet()) {
            for (JsonNode role : file.getValue().path("json").path("resource").path("aws_iam_role")) {
                for (JsonNode block : role) {
                    roles++;
                    assertThat(block.path("permissions_boundary").asText()).as(file.getKey())
                            .isEqualTo("${local.permissions_boundary}");
                    assertThat(block.path("name").asText()).as(file.getKey()).startsWith("skyport-");
                }
            }
        }
        assertThat(roles).as("the EBS CSI driver's role").isGreaterThanOrEqualTo(1);
        JsonNode module = files().get("modules/eks/main.tf").path("json").path("module").path("eks").get(0);
        assertThat(module.path("iam_role_permissions_boundary").asText()).isEqualTo("${local.permissions_boundary}");
        assertThat(module.path("name").asText()).isEqualTo("${local.cluster_name}");
        assertThat(eks).contains("cluster_name         = \"skyport-${var.name}\"");
        assertThat(module.path("eks_managed_node_groups").toString()).contains("iam_role_permissions_boundary");
        assertThat(module.path("endpoint_private_access").asBoolean()).isTrue();
        assertThat(module.path("endpoint_public_access_cidrs").asText()).contains("var.api_cidrs");
    }

    @Test
    void no_cluster_api_is_open_to_the_internet_unless_asked_and_gke_nodes_are_private_with_their_own_account() {
        JsonNode aks = files().get("modules/aks/main.tf").path("json").path("resource")
                .path("azurerm_kubernetes_cluster").path("this").get(0);
        assertThat(aks.path("private_cluster_enabled").asText()).isEqualTo("${!local.public_api}");
        assertThat(aks.path("dynamic").path("api_server_access_profile").toString()).contains("authorized_ip_ranges");
        JsonNode gke = files().get("modules/gke/main.tf").path("json").path("resource")
                .path("google_container_cluster").path("this").get(0);
        assertThat(gke.path("private_cluster_config").get(0).path("enable_private_nodes").asBoolean()).isTrue();
        assertThat(gke.path("master_authorized_networks_config").toString()).contains("var.api_cidrs");
        JsonNode pool = files().get("modules/gke/main.tf").path("json").path("resource")
                .path("google_container_node_pool").path("groups").get(0).path("node_config").get(0);
        assertThat(pool.path("service_account").asText()).contains("google_service_account.nodes.email");
        assertThat(files().get("stacks/common/api_access.tf").toString())
                .contains("distinct(concat(var.api_access.cidrs, var.runner_cidrs))");
        for (String provider : PROVIDERS) {
            assertThat(files()).as(provider + " links the shared API access").containsKey("stacks/" + provider
                    + "/api_access.tf");
            assertThat(files().get("stacks/" + provider + "/main.tf").toString()).as(provider)
                    .contains("${local.api_cidrs}");
        }
    }
}
