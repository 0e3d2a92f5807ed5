package dev.skyport.clusters.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.UserId;
import dev.skyport.simulated.SimulatedClusterCa;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class KubeconfigTest {

    private static final String CA = SimulatedClusterCa.certificateAuthorityData("kubernetes", Instant.now());
    private static final String ROLE = "arn:aws:iam::210987654321:role/skyport";

    private static Cluster cluster(String provider, String region) {
        ClusterSpec spec = ClusterSpec.of(new ClusterSpec.Request("demo", region, null, Optional.empty(),
                Optional.empty(), "acmestate", null, Optional.empty(), Optional.empty()), provider,
                Catalogue.defaults());
        return Cluster.requested(UserId.generate(), "b5bd7f3c-6a54-4bb2-8f0e-2ad4a9d6f3a1", "ref", spec,
                Instant.parse("2026-11-23T10:00:00Z"));
    }

    private static Cluster running(String provider, String region, ClusterOutputs outputs) {
        Cluster requested = cluster(provider, region);
        return requested.becoming(ClusterStatus.PROVISIONING, Optional.empty(), requested.createdAt())
                .becoming(ClusterStatus.RUNNING, Optional.empty(), requested.createdAt()).reporting(outputs);
    }

    private static ClusterOutputs outputs(String endpoint, String name, String location, String group,
                                          String project) {
        return new ClusterOutputs(endpoint, "id", "1.33", "", CA, name, location, group, project);
    }

    /** The YAML as a reader takes it: parsed, not matched as text. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parsed(Kubeconfig kubeconfig) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(kubeconfig.yaml());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(Map<String, Object> document, String list, String field) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) document.get(list);
        assertThat(entries).as(list).hasSize(1);
        assertThat(entries.getFirst().get("name")).isEqualTo("demo");
        return (Map<String, Object>) entries.getFirst().get(field);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> exec(Map<String, Object> document) {
        return (Map<String, Object>) only(document, "users", "user").get("exec");
    }

    private static void oneClusterOneContextAndNoSecret(Map<String, Object> document, String endpoint) {
        assertThat(document).containsEntry("apiVersion", "v1").containsEntry("kind", "Config")
                .containsEntry("current-context", "demo");
        assertThat(only(document, "clusters", "cluster")).containsExactlyInAnyOrderEntriesOf(Map.of("server", endpoint,
                "certificate-authority-data", CA));
        assertThat(only(document, "contexts", "context")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cluster", "demo", "user", "demo"));
        Map<String, Object> user = only(document, "users", "user");
        assertThat(user).as("the user authenticates only through its exec plugin").containsOnlyKeys("exec");
        assertThat(exec(document)).containsEntry("apiVersion", "client.authentication.k8s.io/v1beta1")
                .doesNotContainKey("env").hasEntrySatisfying("installHint", hint ->
                        assertThat((String) hint).contains("install"));
    }

    @Test
    void eks_authenticates_with_aws_eks_get_token_for_the_clusters_name_and_region() {
        Cluster eks = running("aws", "eu-west-1", outputs("https://ABC.gr7.eu-west-1.eks.amazonaws.com",
                "skyport-demo", "eu-west-1", "", ""));

        Map<String, Object> document = parsed(Kubeconfig.of(eks, Optional.empty()));

        oneClusterOneContextAndNoSecret(document, "https://ABC.gr7.eu-west-1.eks.amazonaws.com");
        assertThat(exec(document)).containsEntry("command", "aws").containsEntry("interactiveMode", "IfAvailable")
                .containsEntry("provideClusterInfo", false)
                .containsEntry("args", List.of("--region", "eu-west-1", "eks", "get-token", "--cluster-name",
                        "skyport-demo", "--output", "json"));
        assertThat((String) exec(document).get("installHint")).contains("AWS CLI v2").doesNotContain("assume");
    }

    @Test
    void eks_in_an_account_that_is_an_aws_role_gets_its_token_as_that_role() {
        Cluster eks = running("aws", "us-east-1", outputs("https://X.gr7.us-east-1.eks.amazonaws.com",
                "skyport-demo", "us-east-1", "", ""));

        Map<String, Object> exec = exec(parsed(Kubeconfig.of(eks, Optional.of(ROLE))));

        assertThat(exec.get("args")).isEqualTo(List.of("--region", "us-east-1", "eks", "get-token", "--cluster-name",
                "skyport-demo", "--output", "json", "--role-arn", ROLE));
        assertThat((String) exec.get("installHint")).contains("assume " + ROLE);
    }

    /** With administrators of the person's own, the person's own AWS identity uses the cluster: no role to assume. */
    @Test
    void eks_with_admins_of_the_persons_own_gets_its_token_as_the_person() {
        String admin = "arn:aws:iam::123456789012:role/platform-team";
        Cluster requested = cluster("aws", "us-east-1");
        ClusterSpec spec = requested.spec();
        Cluster withAdmins = Cluster.requested(requested.owner(), requested.cloudAccountId(), "ref", new ClusterSpec(
                spec.name(), spec.provider(), spec.region(), spec.kubernetesVersion(), spec.network(),
                spec.nodeGroups(), spec.state(), spec.addons(), spec.tags(), spec.apiAccess()
                        .withAdmins(List.of(admin))), requested.createdAt());
        Cluster eks = withAdmins.becoming(ClusterStatus.PROVISIONING, Optional.empty(), withAdmins.createdAt())
                .becoming(ClusterStatus.RUNNING, Optional.empty(), withAdmins.createdAt()).reporting(outputs(
                        "https://X.gr7.us-east-1.eks.amazonaws.com", "skyport-demo", "us-east-1", "", ""));

        Map<String, Object> exec = exec(parsed(Kubeconfig.of(eks, Optional.of(ROLE))));

        assertThat(exec.get("args")).isEqualTo(List.of("--region", "us-east-1", "eks", "get-token", "--cluster-name",
                "skyport-demo", "--output", "json"));
        assertThat((String) exec.get("installHint")).contains("administrators: " + admin).doesNotContain(ROLE);
    }

    @Test
    void aks_authenticates_with_kubelogin_from_the_azure_cli_for_the_aks_entra_id_server() {
        Cluster aks = running("azure", "westeurope", outputs("https://demo-abc.hcp.westeurope.azmk8s.io:443",
                "demo", "westeurope", "skyport", ""));

        Map<String, Object> document = parsed(Kubeconfig.of(aks, Optional.of(ROLE)));

        oneClusterOneContextAndNoSecret(document, "https://demo-abc.hcp.westeurope.azmk8s.io:443");
        assertThat(exec(document)).containsEntry("command", "kubelogin").containsEntry("interactiveMode", "Never")
                .containsEntry("args", List.of("get-token", "--login", "azurecli", "--server-id",
                        "6dae42f8-4368-4678-94ff-3960e28e3630"));
        assertThat((String) exec(document).get("installHint")).contains("kubelogin").contains("az login")
                .contains("resource group skyport");
    }

    @Test
    void gke_authenticates_with_gke_gcloud_auth_plugin_which_is_given_the_cluster_info() {
        Cluster gke = running("gcp", "europe-west1", outputs("https://34.76.1.2", "demo", "europe-west1", "",
                "acme-prod"));

        Map<String, Object> document = parsed(Kubeconfig.of(gke, Optional.empty()));

        oneClusterOneContextAndNoSecret(document, "https://34.76.1.2");
        assertThat(exec(document)).containsEntry("command", "gke-gcloud-auth-plugin")
                .containsEntry("provideClusterInfo", true).doesNotContainKey("args");
        assertThat((String) exec(document).get("installHint")).contains("gcloud components install")
                .contains("project acme-prod");
    }

    @Test
    void the_yaml_names_no_credential_and_is_saved_under_the_clusters_name() {
        Kubeconfig kubeconfig = Kubeconfig.of(running("aws", "eu-west-1", outputs("https://a.example",
                "skyport-demo", "eu-west-1", "", "")), Optional.of(ROLE));

        assertThat(kubeconfig.fileName()).isEqualTo("demo.kubeconfig");
        assertThat(kubeconfig.yaml()).startsWith("# Kubeconfig of the Skyport cluster demo.")
                .contains("\ncurrent-context: demo\n").contains("certificate-authority-data: " + CA + "\n")
                .doesNotContain("token:").doesNotContain("client-key").doesNotContain("client-certificate")
                .doesNotContain("password").doesNotContain("auth-provider").doesNotContain("!!");
    }

    @Test
    void a_cluster_that_is_not_running_has_no_kubeconfig_and_the_refusal_names_its_status() {
        for (ClusterStatus status : List.of(ClusterStatus.REQUESTED, ClusterStatus.PROVISIONING)) {
            Cluster cluster = cluster("aws", "eu-west-1");
            Cluster in = status == ClusterStatus.REQUESTED ? cluster
                    : cluster.becoming(status, Optional.empty(), cluster.createdAt());
            assertThatThrownBy(() -> Kubeconfig.of(in, Optional.empty())).isInstanceOfSatisfying(
                    DomainException.class, refused -> {
                        assertThat(refused.failure()).isEqualTo(Failure.CONFLICT);
                        assertThat(refused.slug()).isEqualTo("cluster-not-running");
                        assertThat(refused.getMessage()).contains(status.name());
                    });
        }
        Cluster running = running("gcp", "europe-west1", outputs("https://34.76.1.2", "demo", "", "", ""));
        Cluster deleting = running.becoming(ClusterStatus.DELETING, Optional.empty(), running.updatedAt());
        assertThatThrownBy(() -> Kubeconfig.of(deleting, Optional.empty())).hasMessageContaining("DELETING");
        // While a change is applied (or after it failed part-way) the API serves, and the kubeconfig is there.
        Cluster updating = running.becoming(ClusterStatus.UPDATING, Optional.empty(), running.updatedAt());
        assertThat(Kubeconfig.of(updating, Optional.empty()).yaml()).contains("current-context: demo");
        Cluster failed = updating.becoming(ClusterStatus.UPDATE_FAILED, Optional.empty(), running.updatedAt());
        assertThat(Kubeconfig.of(failed, Optional.empty()).yaml()).contains("current-context: demo");
    }

    @Test
    void a_running_cluster_whose_outputs_predate_the_ca_is_refused_saying_so() {
        ClusterOutputs older = new ClusterOutputs("https://ABC.gr7.eu-west-1.eks.amazonaws.com", "arn", "1.33",
                "https://console.aws.amazon.com", "", "", "", "", "");
        assertThatThrownBy(() -> Kubeconfig.of(running("aws", "eu-west-1", older), Optional.empty()))
                .isInstanceOfSatisfying(DomainException.class, refused -> {
                    assertThat(refused.failure()).isEqualTo(Failure.CONFLICT);
                    assertThat(refused.slug()).isEqualTo("cluster-not-running");
                    assertThat(refused.getMessage()).contains("RUNNING").contains("certificate authority")
                            .contains("aws eks update-kubeconfig");
                });
    }
}
