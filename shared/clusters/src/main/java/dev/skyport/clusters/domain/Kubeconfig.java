package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A kubeconfig for one RUNNING cluster (or one being changed, whose API serves meanwhile): one cluster (its API endpoint and certificate authority), one user who
 * authenticates through the provider's exec plugin with the person's own sign-in to the provider, and one context,
 * named after the cluster and current. It never holds a token, a password, a client key or any other credential:
 * the plugin asks the provider for a short-lived token each time kubectl needs one.
 * <ul>
 *   <li>EKS: {@code aws eks get-token} (AWS CLI v2) for the cluster's name and region, as the cloud account's role
 *       when the account is one ({@code --role-arn}: EKS gave that role access when it made the cluster);</li>
 *   <li>AKS: {@code kubelogin get-token --login azurecli} with the AKS Entra ID server application's id, from the
 *       person's {@code az login};</li>
 *   <li>GKE: {@code gke-gcloud-auth-plugin}, from the person's {@code gcloud auth login}.</li>
 * </ul>
 *
 * @param name     the cluster's name: the kubeconfig's cluster, user and context
 * @param document the kubeconfig as YAML maps and lists
 */
public record Kubeconfig(String name, Map<String, Object> document) {

    /** The exec credential API every plugin here speaks. */
    public static final String EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";
    /** The application id of the AKS Entra ID server: the audience of every AKS Entra ID token. */
    public static final String AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
    /** Where the problem of a cluster that has no kubeconfig yet is named. */
    public static final String NOT_RUNNING = "cluster-not-running";

    public Kubeconfig {
        document = Collections.unmodifiableMap(document);
    }

    /**
     * The kubeconfig of {@code cluster}.
     *
     * @param awsRoleArn the role of the cluster's cloud account, when it is an AWS role
     * @throws DomainException {@code cluster-not-running} (409) when the cluster is not RUNNING, or its outputs do
     *                         not hold its certificate authority (outputs recorded before Skyport kept it)
     */
    public static Kubeconfig of(Cluster cluster, Optional<String> awsRoleArn) {
        ClusterOutputs outputs = requireReachable(cluster);
        String name = cluster.spec().name().value();
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("server", outputs.endpoint());
        server.put("certificate-authority-data", outputs.certificateAuthorityData());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", name);
        context.put("user", name);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", "v1");
        document.put("kind", "Config");
        document.put("clusters", List.of(entry(name, "cluster", server)));
        document.put("users", List.of(entry(name, "user", Map.of("exec", exec(cluster, outputs, awsRoleArn)))));
        document.put("contexts", List.of(entry(name, "context", context)));
        document.put("current-context", name);
        return new Kubeconfig(name, document);
    }

    /** The outputs a kubeconfig is written from; refuses a cluster that has none yet, or none with its CA. */
    private static ClusterOutputs requireReachable(Cluster cluster) {
        if (!cluster.status().isServing()) {
            throw new DomainException(Failure.CONFLICT, NOT_RUNNING, "the cluster is " + cluster.status()
                    + ": its kubeconfig is there once it is RUNNING (and while it is changed)");
        }
        ClusterOutputs outputs = cluster.outputs().filter(ClusterOutputs::hasCertificateAuthority)
                .filter(o -> !o.endpoint().isEmpty())
                .filter(o -> !"aws".equals(cluster.spec().provider()) || !o.clusterName().isEmpty())
                .orElseThrow(() -> new DomainException(Failure.CONFLICT, NOT_RUNNING, "the cluster is RUNNING, but"
                        + " its outputs were recorded before Skyport kept a cluster's certificate authority and names;"
                        + " ask " + providerTool(cluster.spec().provider()) + " for a kubeconfig"));
        return outputs;
    }

    private static String providerTool(String provider) {
        return switch (provider) {
            case "aws" -> "the AWS CLI (aws eks update-kubeconfig)";
            case "azure" -> "the Azure CLI (az aks get-credentials, then kubelogin convert-kubeconfig -l azurecli)";
            case "gcp" -> "gcloud (gcloud container clusters get-credentials)";
            default -> "the provider";
        };
    }

    private static Map<String, Object> exec(Cluster cluster, ClusterOutputs outputs, Optional<String> awsRoleArn) {
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("apiVersion", EXEC_API_VERSION);
        String region = outputs.location().isEmpty() ? cluster.spec().region() : outputs.location();
        switch (cluster.spec().provider()) {
            case "aws" -> {
                exec.put("command", "aws");
                // --output json: kubectl reads JSON, whatever output the person's AWS CLI profile prefers.
                List<String> args = new ArrayList<>(List.of("--region", region, "eks", "get-token",
                        "--cluster-name", outputs.clusterName(), "--output", "json"));
                // With administrators of the person's own (api_access.admins), the person signs in as one of them;
                // otherwise only the account's own principal may use the cluster: its role, when it is one.
                List<String> admins = cluster.spec().apiAccess().admins();
                Optional<String> role = admins.isEmpty() ? awsRoleArn : Optional.empty();
                role.ifPresent(arn -> args.addAll(List.of("--role-arn", arn)));
                exec.put("args", args);
                // The CLI may ask for an MFA code when the role needs one.
                exec.put("interactiveMode", "IfAvailable");
                exec.put("provideClusterInfo", false);
                exec.put("installHint", """
                        This kubeconfig authenticates with the AWS CLI v2 (aws eks get-token): install it \
                        (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html) and sign \
                        in (aws configure or aws sso login) as %s."""
                        .formatted(!admins.isEmpty() ? "one of the cluster's administrators: "
                                + String.join(", ", admins) : role.map(arn -> "a principal that may assume " + arn
                                + " (or give yourself access with api_access.admins)")
                                .orElse("the cloud account's own IAM user")));
            }
            case "azure" -> {
                exec.put("command", "kubelogin");
                exec.put("args", List.of("get-token", "--login", "azurecli", "--server-id", AKS_SERVER_ID));
                // With --login azurecli, kubelogin never prompts: az login has signed the person in.
                exec.put("interactiveMode", "Never");
                exec.put("provideClusterInfo", false);
                exec.put("installHint", """
                        This kubeconfig authenticates with kubelogin and the Azure CLI (Entra ID): install both \
                        (az aks install-cli, or https://azure.github.io/kubelogin/install.html), run az login, and \
                        hold an Azure Kubernetes Service RBAC role on the cluster%s."""
                        .formatted(outputs.resourceGroup().isEmpty() ? ""
                                : " (" + outputs.clusterName() + " in resource group " + outputs.resourceGroup() + ")"));
            }
            case "gcp" -> {
                exec.put("command", "gke-gcloud-auth-plugin");
                exec.put("interactiveMode", "IfAvailable");
                exec.put("provideClusterInfo", true);
                exec.put("installHint", """
                        This kubeconfig authenticates with gke-gcloud-auth-plugin: install it (gcloud components \
                        install gke-gcloud-auth-plugin, or https://cloud.google.com/kubernetes-engine/docs/how-to/\
                        cluster-access-for-kubectl#install_plugin) and run gcloud auth login as a person with \
                        access to the cluster%s."""
                        .formatted(outputs.project().isEmpty() ? ""
                                : " (" + outputs.clusterName() + " in project " + outputs.project() + ", "
                                + region + ")"));
            }
            default -> throw new IllegalStateException("no kubeconfig for provider " + cluster.spec().provider());
        }
        return exec;
    }

    private static Map<String, Object> entry(String name, String kind, Map<String, Object> body) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put(kind, body);
        return entry;
    }

    /** The file a person saves it as: the cluster's name (a DNS label) and {@code .kubeconfig}. */
    public String fileName() {
        return name + ".kubeconfig";
    }

    /** The kubeconfig as YAML, in block style, as kubectl writes one. */
    public String yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        return "# Kubeconfig of the Skyport cluster " + name + ". It holds no secret: the user's exec plugin asks\n"
                + "# the provider for a short-lived token with your own sign-in each time kubectl needs one.\n"
                + new Yaml(options).dump(document);
    }
}
