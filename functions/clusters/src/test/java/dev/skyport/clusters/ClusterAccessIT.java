package dev.skyport.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.cloudaccounts.application.CloudAccounts;
import dev.skyport.cloudaccounts.domain.AccountName;
import dev.skyport.cloudaccounts.domain.CloudAccount;
import dev.skyport.cloudaccounts.domain.CloudAccountId;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.DeploymentEnvironment;
import dev.skyport.clusters.application.ClusterRequests;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.application.WorkflowReports;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterSpec;
import dev.skyport.identity.application.Session;
import dev.skyport.simulated.SimulatedClusterCa;
import dev.skyport.testing.Kubectl;
import dev.skyport.testing.LambdaEvents;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /clusters/{id}/kubeconfig} through the clusters Lambda handler with its {@code events/} sample, real
 * DynamoDB Local and real tokens, on clusters the workflow's own reports (as Step Functions sends them) took to
 * RUNNING; what the route answers is read by a real {@code kubectl}, the oracle Skyport did not write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterAccessIT {

    private static final ObjectMapper JSON = LambdaEvents.JSON;
    private static final String ROLE = "arn:aws:iam::210987654321:role/skyport";

    private ClustersLambda lambda;
    private ApplicationContext context;
    private ClustersHandler http;
    private Session boss;
    private Session alice;

    @BeforeAll
    void start() {
        // One cluster per case, more than the default quota of five.
        lambda = new ClustersLambda(Map.of("skyport.clusters.quota", 10));
        context = lambda.context;
        http = lambda.http;
        boss = lambda.boss;
        alice = lambda.alice;
    }

    @AfterAll
    void stop() {
        lambda.close();
    }

    /** A verified account of the person, as the cloud-accounts function stores it; an AWS one is a role. */
    private String cloudAccountOf(Session session, CloudProvider provider) {
        CloudAccountId id = CloudAccountId.generate();
        Instant now = Instant.now();
        Map<String, String> summary = switch (provider) {
            case AWS -> Map.of("kind", "role", "role_arn", ROLE);
            case AZURE -> Map.of("client_id", "3f2a…0a1b");
            case GCP -> Map.of("client_email", "skyport@acme-prod.iam.gserviceaccount.com");
        };
        context.getBean(CloudAccounts.class).create(new CloudAccount(id, session.user().id(),
                new AccountName("acct-" + id.value().substring(0, 8)), provider, DeploymentEnvironment.parse("prod"),
                summary, Map.of(), "arn:aws:secretsmanager:us-east-1:123456789012:secret:skyport/x-Ab12Cd", now, now,
                Optional.empty()));
        return id.value();
    }

    /** A cluster the boss asked for in a new account of the provider, its apply run started by the workflow. */
    private Cluster requested(CloudProvider provider, String name, String region) {
        ClusterRequests requests = context.getBean(ClusterRequests.class);
        Cluster cluster = requests.create(new ClusterRequests.Caller(boss.user().id(), true),
                cloudAccountOf(boss, provider), new ClusterSpec.Request(name, region, null, Optional.empty(),
                        Optional.empty(), "acmetfstate", null, Optional.empty(), Optional.empty()),
                Optional.empty()).cluster();
        context.getBean(RunReports.class).started(boss.user().id(), cluster.id(), cluster.currentRun().orElseThrow());
        return cluster;
    }

    /** The workflow's success report with the task's outputs, as Step Functions sends it. */
    private void succeeded(Cluster cluster, Map<String, String> outputs) {
        Map<String, Object> moved = context.getBean(WorkflowReports.class).handle(Map.of("report", "succeeded",
                "cluster_id", cluster.id().value(), "run_id", cluster.currentRun().orElseThrow(),
                "owner", boss.user().id().value(), "outputs", outputs));
        assertThat(moved).containsEntry("moved", true);
    }

    private APIGatewayV2HTTPResponse kubeconfig(Session as, String clusterId) {
        return http.handleRequest(LambdaEvents.read("clusters-kubeconfig.json", APIGatewayV2HTTPEvent.class,
                Map.of("ACCESS_TOKEN_FROM_LOGIN", as.accessToken(), "CLUSTER_ID", clusterId)),
                new MockLambdaContext());
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        return ClustersLambda.header(response, name);
    }

    private static String body(APIGatewayV2HTTPResponse response) {
        return response.getBody();
    }

    private static void isProblem(APIGatewayV2HTTPResponse answer, int status, String slug) throws Exception {
        assertThat(answer.getStatusCode()).as(body(answer)).isEqualTo(status);
        assertThat(header(answer, "Content-Type")).startsWith("application/problem+json");
        assertThat(JSON.readTree(body(answer)).path("type").asText()).endsWith("/" + slug);
    }

    /** What kubectl read of the user's exec plugin, the cluster's server and CA, and the current context. */
    private record Read(String server, String caData, String command, List<String> args, JsonNode exec,
                        String yaml) {

        /** The plugin's interactive mode, as kubectl read it when it knows the field (1.22+), else as written. */
        void isInteractive(String mode) {
            if (Kubectl.knowsInteractiveMode(exec)) {
                assertThat(exec.path("interactiveMode").asText()).isEqualTo(mode);
            }
            assertThat(yaml).contains("\n      interactiveMode: " + mode + "\n");
        }
    }

    /** The route's answer for a RUNNING cluster: a YAML download, never cached, as a real kubectl reads it. */
    private Read downloaded(Cluster cluster, String ca) {
        APIGatewayV2HTTPResponse answer = kubeconfig(boss, cluster.id().value());
        assertThat(answer.getStatusCode()).as(body(answer)).isEqualTo(200);
        assertThat(header(answer, "Content-Type")).startsWith("application/yaml");
        assertThat(header(answer, "Content-Disposition")).isEqualTo("attachment; filename=\""
                + cluster.spec().name().value() + ".kubeconfig\"");
        assertThat(header(answer, "Cache-Control")).isEqualTo("no-store");
        assertThat(answer.getIsBase64Encoded()).as("text: API Gateway passes it as it is").isFalse();
        String yaml = body(answer);
        assertThat(yaml).doesNotContain("token:").doesNotContain("client-key").doesNotContain("password");

        Kubectl kubectl = Kubectl.onThisMachine();
        JsonNode view = kubectl.view(yaml);
        String name = cluster.spec().name().value();
        assertThat(view.path("current-context").asText()).isEqualTo(name);
        assertThat(view.path("contexts")).hasSize(1);
        assertThat(view.at("/contexts/0/name").asText()).isEqualTo(name);
        assertThat(view.at("/contexts/0/context/cluster").asText()).isEqualTo(name);
        assertThat(view.at("/contexts/0/context/user").asText()).isEqualTo(name);
        assertThat(view.at("/clusters/0/cluster/certificate-authority-data").asText())
                .as("kubectl hides the CA unless --raw").isEqualTo("DATA+OMITTED");
        JsonNode raw = kubectl.view(yaml, "--raw", "--minify");
        assertThat(raw.path("clusters")).hasSize(1);
        assertThat(raw.path("users")).hasSize(1);
        JsonNode user = raw.at("/users/0/user");
        assertThat(user.fieldNames()).toIterable().as("no credential but the exec plugin").containsExactly("exec");
        JsonNode exec = user.path("exec");
        assertThat(exec.path("apiVersion").asText()).isEqualTo("client.authentication.k8s.io/v1beta1");
        assertThat(exec.path("installHint").asText()).contains("install");
        List<String> args = new java.util.ArrayList<>();
        exec.path("args").forEach(arg -> args.add(arg.asText()));
        assertThat(raw.at("/clusters/0/cluster/certificate-authority-data").asText()).isEqualTo(ca);
        return new Read(raw.at("/clusters/0/cluster/server").asText(),
                raw.at("/clusters/0/cluster/certificate-authority-data").asText(), exec.path("command").asText(),
                args, exec, yaml);
    }

    @Test
    void an_eks_clusters_kubeconfig_gets_its_token_with_aws_eks_get_token_as_the_accounts_role() {
        Cluster cluster = requested(CloudProvider.AWS, "access-eks", "eu-west-1");
        String ca = SimulatedClusterCa.certificateAuthorityData("kubernetes", Instant.now());
        succeeded(cluster, Map.of("endpoint", "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
                "resource_id", "arn:aws:eks:eu-west-1:210987654321:cluster/skyport-access-eks",
                "kubernetes_version", "1.33", "console_url", "https://console.aws.amazon.com/eks",
                "certificate_authority_data", ca, "cluster_name", "skyport-access-eks", "location", "eu-west-1"));

        Read read = downloaded(cluster, ca);

        assertThat(read.server()).isEqualTo("https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com");
        assertThat(read.command()).isEqualTo("aws");
        assertThat(read.args()).containsExactly("--region", "eu-west-1", "eks", "get-token", "--cluster-name",
                "skyport-access-eks", "--output", "json", "--role-arn", ROLE);
        read.isInteractive("IfAvailable");
    }

    /**
     * The account's role trusts only Skyport: a person gives their own IAM role access with api_access.admins (an
     * EKS access entry each), and the kubeconfig then works with the person's own AWS identity.
     */
    @Test
    void an_eks_cluster_with_admins_of_the_persons_own_gets_a_kubeconfig_for_the_persons_own_identity()
            throws Exception {
        Cluster cluster = requested(CloudProvider.AWS, "access-own", "eu-west-1");
        String ca = SimulatedClusterCa.certificateAuthorityData("kubernetes", Instant.now());
        Map<String, String> outputs = Map.of("endpoint", "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
                "resource_id", "arn:aws:eks:eu-west-1:210987654321:cluster/skyport-access-own",
                "kubernetes_version", "1.33", "console_url", "https://console.aws.amazon.com/eks",
                "certificate_authority_data", ca, "cluster_name", "skyport-access-own", "location", "eu-west-1");
        succeeded(cluster, outputs);
        long version = context.getBean(ClusterRequests.class).get(boss.user().id(), cluster.id()).version();
        APIGatewayV2HTTPEvent patch = LambdaEvents.read("clusters-change.json", APIGatewayV2HTTPEvent.class,
                Map.of("CLUSTER_ID", cluster.id().value(), "CLUSTER_VERSION", Long.toString(version),
                        "ACCESS_TOKEN_FROM_LOGIN", boss.accessToken()));
        String admin = "arn:aws:iam::210987654321:role/platform-team";
        patch.setBody("{\"api_access\": {\"public\": false, \"admins\": [\"arn:aws:iam::210987654321:group/x\"]}}");
        isProblem(http.handleRequest(patch, new MockLambdaContext()), 400, "invalid-api-access");
        patch.setBody("{\"api_access\": {\"public\": false, \"admins\": [\"" + admin + "\"]}}");
        APIGatewayV2HTTPResponse changed = http.handleRequest(patch, new MockLambdaContext());
        assertThat(changed.getStatusCode()).as(body(changed)).isEqualTo(202);
        assertThat(JSON.readTree(body(changed)).at("/api_access/admins/0").asText()).isEqualTo(admin);
        Cluster updating = context.getBean(ClusterRequests.class).get(boss.user().id(), cluster.id());
        context.getBean(RunReports.class).started(boss.user().id(), cluster.id(), updating.currentRun().orElseThrow());
        succeeded(updating, outputs);

        Read read = downloaded(cluster, ca);

        assertThat(read.args()).as("no role to assume: the person signs in as themselves").containsExactly(
                "--region", "eu-west-1", "eks", "get-token", "--cluster-name", "skyport-access-own", "--output",
                "json");
        assertThat(read.exec().path("installHint").asText()).contains(admin);
    }

    @Test
    void an_aks_clusters_kubeconfig_gets_its_token_with_kubelogin_from_the_azure_cli() {
        Cluster cluster = requested(CloudProvider.AZURE, "access-aks", "westeurope");
        String ca = SimulatedClusterCa.certificateAuthorityData("ca", Instant.now());
        succeeded(cluster, Map.of("endpoint", "https://access-aks-x1.hcp.westeurope.azmk8s.io:443",
                "resource_id", "/subscriptions/x/resourceGroups/skyport/providers/Microsoft.ContainerService"
                        + "/managedClusters/access-aks", "kubernetes_version", "1.33",
                "certificate_authority_data", ca, "cluster_name", "access-aks", "location", "westeurope",
                "resource_group", "skyport"));

        Read read = downloaded(cluster, ca);

        assertThat(read.server()).isEqualTo("https://access-aks-x1.hcp.westeurope.azmk8s.io:443");
        assertThat(read.command()).isEqualTo("kubelogin");
        assertThat(read.args()).containsExactly("get-token", "--login", "azurecli", "--server-id",
                "6dae42f8-4368-4678-94ff-3960e28e3630");
        read.isInteractive("Never");
    }

    @Test
    void a_gke_clusters_kubeconfig_gets_its_token_with_gke_gcloud_auth_plugin() {
        Cluster cluster = requested(CloudProvider.GCP, "access-gke", "europe-west1");
        String ca = SimulatedClusterCa.certificateAuthorityData("ca", Instant.now());
        succeeded(cluster, Map.of("endpoint", "https://34.76.1.2", "resource_id", "https://container.googleapis.com"
                        + "/v1/projects/acme-prod/locations/europe-west1/clusters/access-gke", "kubernetes_version", "1.33",
                "certificate_authority_data", ca, "cluster_name", "access-gke", "location", "europe-west1",
                "project", "acme-prod"));

        Read read = downloaded(cluster, ca);

        assertThat(read.server()).isEqualTo("https://34.76.1.2");
        assertThat(read.command()).isEqualTo("gke-gcloud-auth-plugin");
        assertThat(read.args()).isEmpty();
        assertThat(read.exec().path("provideClusterInfo").asBoolean()).isTrue();
    }

    @Test
    void another_persons_cluster_is_404_a_cluster_not_running_409_and_one_made_before_the_ca_was_kept_409()
            throws Exception {
        Cluster provisioning = requested(CloudProvider.AWS, "not-yet", "eu-west-1");

        APIGatewayV2HTTPResponse notMine = kubeconfig(alice, provisioning.id().value());
        isProblem(notMine, 404, "cluster-not-found");
        assertThat(body(notMine)).doesNotContain("not-yet");

        APIGatewayV2HTTPResponse notRunning = kubeconfig(boss, provisioning.id().value());
        isProblem(notRunning, 409, "cluster-not-running");
        assertThat(JSON.readTree(body(notRunning)).path("detail").asText()).contains("PROVISIONING");

        Cluster older = requested(CloudProvider.AWS, "made-before", "eu-west-1");
        succeeded(older, Map.of("endpoint", "https://OLD.gr7.eu-west-1.eks.amazonaws.com", "resource_id", "arn",
                "kubernetes_version", "1.33", "console_url", "https://console.aws.amazon.com/eks"));
        APIGatewayV2HTTPResponse withoutCa = kubeconfig(boss, older.id().value());
        isProblem(withoutCa, 409, "cluster-not-running");
        assertThat(JSON.readTree(body(withoutCa)).path("detail").asText()).contains("RUNNING")
                .contains("certificate authority");
        isProblem(kubeconfig(alice, older.id().value()), 404, "cluster-not-found");

        isProblem(kubeconfig(boss, "7c9e6679-7425-40de-944b-e07fc1f90ae7"), 404, "cluster-not-found");
    }
}
