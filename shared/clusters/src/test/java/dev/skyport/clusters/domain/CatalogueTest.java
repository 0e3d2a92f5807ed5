package dev.skyport.clusters.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The add-ons Skyport ships: the same on every provider, each at a pinned chart version, each one a request names. */
class CatalogueTest {

    private static final List<String> ADDONS = List.of("metrics-server", "ingress-nginx", "cert-manager",
            "cluster-autoscaler", "jupyterhub", "mlflow", "airflow", "superset", "code-server");

    @Test
    void every_provider_offers_the_cluster_tooling_and_the_applications_each_at_a_pinned_chart_version() {
        for (String provider : List.of("aws", "azure", "gcp")) {
            List<Catalogue.Addon> addons = Catalogue.defaults().of(provider).addons();
            assertThat(addons).extracting(Catalogue.Addon::name).as(provider).containsExactlyElementsOf(ADDONS);
            assertThat(addons).allSatisfy(addon -> assertThat(addon.chartVersion()).as(addon.name())
                    .matches("v?\\d+\\.\\d+\\.\\d+"));
        }
    }

    @Test
    void a_request_may_name_the_applications_and_gets_their_chart_versions() {
        ClusterSpec spec = ClusterSpec.of(new ClusterSpec.Request("data-team", "eu-west-1", null, Optional.empty(),
                Optional.empty(), "acmestate", null,
                Optional.of(List.of("jupyterhub", "mlflow", "airflow", "superset", "code-server")),
                Optional.of(Map.of())), "aws", Catalogue.defaults());
        assertThat(spec.addons()).containsExactly(new Catalogue.Addon("jupyterhub", "4.3.3"),
                new Catalogue.Addon("mlflow", "1.11.7"), new Catalogue.Addon("airflow", "1.20.0"),
                new Catalogue.Addon("superset", "0.21.1"), new Catalogue.Addon("code-server", "0.1.0"));
    }
}
