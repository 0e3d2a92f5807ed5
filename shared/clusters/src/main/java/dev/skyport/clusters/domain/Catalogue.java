package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Skyport provisions, per provider: regions, Kubernetes versions (newest first: the first is the default),
 * the shape of an instance type, the node group a cluster gets when none is asked for, and the add-ons with their
 * chart versions. The operator may replace it in configuration; {@link #defaults()} is what ships.
 */
public record Catalogue(Map<String, ProviderCatalogue> providers) {

    public Catalogue {
        providers = Map.copyOf(providers);
    }

    /** An add-on installed with its Helm chart at a pinned version. */
    public record Addon(String name, String chartVersion) {
    }

    /**
     * One provider's offer.
     *
     * @param regionalVersions the Kubernetes versions of a region where the provider offers other ones than
     *                         {@code kubernetesVersions} (newest first); a region not named here offers those
     */
    public record ProviderCatalogue(String provider, List<String> regions, List<String> kubernetesVersions,
                                    Pattern instanceType, String instanceTypeExample, NodeGroup defaultNodeGroup,
                                    List<Addon> addons, Map<String, List<String>> regionalVersions) {

        public ProviderCatalogue {
            regions = List.copyOf(regions);
            kubernetesVersions = List.copyOf(kubernetesVersions);
            addons = List.copyOf(addons);
            regionalVersions = Map.copyOf(regionalVersions);
        }

        /** An offer whose regions all have the same Kubernetes versions. */
        public ProviderCatalogue(String provider, List<String> regions, List<String> kubernetesVersions,
                                 Pattern instanceType, String instanceTypeExample, NodeGroup defaultNodeGroup,
                                 List<Addon> addons) {
            this(provider, regions, kubernetesVersions, instanceType, instanceTypeExample, defaultNodeGroup, addons,
                    Map.of());
        }

        public String defaultKubernetesVersion() {
            return kubernetesVersions.getFirst();
        }

        /** The Kubernetes versions the provider offers in {@code region}, newest first. */
        public List<String> kubernetesVersionsIn(String region) {
            return regionalVersions.getOrDefault(region, kubernetesVersions);
        }

        public Optional<Addon> addon(String name) {
            return addons.stream().filter(addon -> addon.name().equals(name)).findFirst();
        }
    }

    /** The provider's offer, or a refusal saying Skyport does not provision there. */
    public ProviderCatalogue of(String provider) {
        ProviderCatalogue catalogue = providers.get(provider);
        if (catalogue == null) {
            throw DomainException.invalid("unsupported-provider", "cloud_account_id: Skyport does not provision"
                    + " clusters on " + provider + " (it does on " + providers.keySet().stream().sorted().toList() + ")");
        }
        return catalogue;
    }

    /**
     * The cluster's own tooling, then the applications a team works in (JupyterHub, MLflow, Airflow, Superset, and
     * VS Code as code-server). Each is a Helm chart at a pinned version, the one terraform/addons installs;
     * code-server's is Skyport's own chart (there is no official one), so its version is that chart's.
     */
    private static final List<Addon> ADDONS = List.of(new Addon("metrics-server", "3.12.2"),
            new Addon("ingress-nginx", "4.12.1"), new Addon("cert-manager", "v1.17.1"),
            new Addon("cluster-autoscaler", "9.46.6"), new Addon("jupyterhub", "4.3.3"),
            new Addon("mlflow", "1.11.7"), new Addon("airflow", "1.20.0"), new Addon("superset", "0.21.1"),
            new Addon("code-server", "0.1.0"));

    public static Catalogue defaults() {
        return new Catalogue(Map.of(
                "aws", new ProviderCatalogue("aws",
                        List.of("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "eu-north-1",
                                "ap-southeast-1", "ap-northeast-1"),
                        List.of("1.33", "1.32", "1.31"),
                        Pattern.compile("^[a-z][a-z0-9-]*\\.[a-z0-9]+$"), "m6i.large",
                        new NodeGroup("default", "m6i.large", 1, 2, 3), ADDONS),
                "azure", new ProviderCatalogue("azure",
                        List.of("eastus", "eastus2", "westus2", "westeurope", "northeurope", "uksouth",
                                "southeastasia"),
                        List.of("1.33", "1.32", "1.31"),
                        Pattern.compile("^Standard_[A-Za-z0-9_]+$"), "Standard_D4s_v5",
                        new NodeGroup("default", "Standard_D4s_v5", 1, 2, 3), ADDONS),
                "gcp", new ProviderCatalogue("gcp",
                        List.of("us-central1", "us-east1", "us-west1", "europe-west1", "europe-west4",
                                "asia-southeast1"),
                        List.of("1.33", "1.32", "1.31"),
                        Pattern.compile("^[a-z][a-z0-9]*-[a-z0-9-]+$"), "e2-standard-4",
                        new NodeGroup("default", "e2-standard-4", 1, 2, 3), ADDONS)));
    }
}
