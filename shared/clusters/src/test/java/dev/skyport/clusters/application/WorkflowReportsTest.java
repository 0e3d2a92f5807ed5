package dev.skyport.clusters.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.simulated.SimulatedClusterCa;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowReportsTest {

    @Test
    void a_failure_is_named_by_the_run_protocols_code_or_as_the_workflows_own() {
        assertThat(WorkflowReports.reason("TerraformApplyFailed")).isEqualTo("TerraformApplyFailed");
        assertThat(WorkflowReports.reason("missing-permissions")).isEqualTo("missing-permissions");
        assertThat(WorkflowReports.reason("States.HeartbeatTimeout")).isEqualTo("workflow-heartbeattimeout");
        assertThat(WorkflowReports.reason("States.Timeout")).isEqualTo("workflow-timeout");
        assertThat(WorkflowReports.reason("<script>")).isEqualTo("workflow-failed");
        assertThat(WorkflowReports.reason(null)).isEqualTo("workflow-failed");
        assertThat(WorkflowReports.reason("x".repeat(65))).isEqualTo("workflow-failed");
    }

    /** The last lines of a failed apply, as Terraform prints its diagnostics with and without colour's boxes. */
    @Test
    void a_failed_runs_details_are_terraforms_error_lines_from_its_last_output() {
        String cause = String.join("\n",
                "module.eks.aws_eks_node_group.this[\"default\"]: Still creating... [10m0s elapsed]",
                "",
                "Error: waiting for EKS Node Group (prod:default) create: unexpected state 'CREATE_FAILED'",
                "",
                "  with module.eks.module.eks.aws_eks_node_group.this[\"default\"],",
                "  on .terraform/modules/eks/main.tf line 12, in resource \"aws_eks_node_group\" \"this\":",
                "╷",
                "│ Error: creating IAM Role (prod-node): AccessDenied: not authorized to perform iam:CreateRole",
                "╵",
                "terraform apply failed.");
        assertThat(WorkflowReports.terraformErrors(cause)).containsExactly(
                "Error: waiting for EKS Node Group (prod:default) create: unexpected state 'CREATE_FAILED'",
                "Error: creating IAM Role (prod-node): AccessDenied: not authorized to perform iam:CreateRole");
        assertThat(WorkflowReports.terraformErrors("terraform init failed.")).isEmpty();
    }

    @Test
    void a_plans_summary_is_taken_only_when_it_is_a_plans() {
        RunPlan.Summary summary = WorkflowReports.plan(Map.of("add", 1, "change", 0, "destroy", 1, "resources",
                List.of(Map.of("address", "module.gke.google_container_node_pool.groups[\"system\"]",
                        "action", "replace"))));
        assertThat(summary.add()).isEqualTo(1);
        assertThat(summary.resources()).singleElement().extracting(RunPlan.ResourceChange::action)
                .isEqualTo(RunPlan.ResourceAction.REPLACE);
        assertThatThrownBy(() -> WorkflowReports.plan(Map.of("add", -1, "change", 0, "destroy", 0)))
                .hasMessageContaining("counts");
        assertThatThrownBy(() -> WorkflowReports.plan(Map.of("add", "1", "change", 0, "destroy", 0)))
                .hasMessageContaining("counts");
        assertThatThrownBy(() -> WorkflowReports.plan(Map.of("add", 0, "change", 0, "destroy", 0, "resources",
                List.of(Map.of("address", "x", "action", "explode"))))).hasMessageContaining("action");
        assertThatThrownBy(() -> WorkflowReports.plan(Map.of("add", 0, "change", 0, "destroy", 0, "resources",
                List.of(Map.of("address", "a\nb", "action", "create"))))).hasMessageContaining("address");
        assertThatThrownBy(() -> WorkflowReports.plan("Plan: 1 to add")).hasMessageContaining("summary");
    }

    @Test
    void outputs_are_taken_only_when_they_are_a_clusters() {
        assertThat(WorkflowReports.outputs(Map.of())).isEmpty();
        assertThat(WorkflowReports.outputs(Map.of("endpoint", "https://abc.eks.amazonaws.com", "resource_id", "arn",
                "kubernetes_version", "1.33", "console_url", "https://console.aws.amazon.com/eks")))
                .hasValueSatisfying(outputs -> assertThat(outputs.endpoint()).startsWith("https://abc"));
        assertThatThrownBy(() -> WorkflowReports.outputs(Map.of("endpoint", "http://abc.example")))
                .hasMessageContaining("endpoint");
        assertThatThrownBy(() -> WorkflowReports.outputs(Map.of("endpoint", "https://a.example",
                "resource_id", "line\nbreak"))).hasMessageContaining("resource_id");
        assertThatThrownBy(() -> WorkflowReports.outputs(Map.of("console_url", "https://" + "a".repeat(3000))))
                .hasMessageContaining("console_url");
    }

    @Test
    void what_a_kubeconfig_needs_is_taken_when_the_ca_is_base64_of_pem_certificates_and_names_are_strict()
            throws Exception {
        String ca = SimulatedClusterCa.certificateAuthorityData("kubernetes", Instant.now());
        Map<String, String> reported = new HashMap<>(Map.of("endpoint", "https://abc.gr7.eu-west-1.eks.amazonaws.com",
                "resource_id", "arn:aws:eks:eu-west-1:111122223333:cluster/skyport-demo", "kubernetes_version", "1.33",
                "console_url", "https://console.aws.amazon.com/eks", "certificate_authority_data", ca,
                "cluster_name", "skyport-demo", "location", "eu-west-1"));

        assertThat(WorkflowReports.outputs(reported)).hasValueSatisfying(outputs -> {
            assertThat(outputs.certificateAuthorityData()).isEqualTo(ca);
            assertThat(outputs.hasCertificateAuthority()).isTrue();
            assertThat(outputs.clusterName()).isEqualTo("skyport-demo");
            assertThat(outputs.location()).isEqualTo("eu-west-1");
            assertThat(outputs.resourceGroup()).as("not reported: empty").isEmpty();
            assertThat(outputs.project()).isEmpty();
        });
        assertThat(WorkflowReports.outputs(Map.of("endpoint", "https://a.example"))).hasValueSatisfying(outputs ->
                assertThat(outputs.hasCertificateAuthority()).as("an older image reports no CA").isFalse());

        String notPem = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n"
                .concat("-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
        String aKey = Base64.getEncoder().encodeToString("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"
                .getBytes(StandardCharsets.US_ASCII));
        for (String invalid : List.of("not base64!", ca.substring(1), ca + "\n", notPem, aKey,
                Base64.getEncoder().encodeToString(new byte[20_000]), "QUJD")) {
            Map<String, String> bad = new HashMap<>(reported);
            bad.put("certificate_authority_data", invalid);
            assertThatThrownBy(() -> WorkflowReports.outputs(bad)).as(invalid.length() > 40
                    ? invalid.substring(0, 40) : invalid).hasMessageContaining("certificate_authority_data");
        }
        for (String field : List.of("cluster_name", "location", "resource_group", "project")) {
            for (String invalid : List.of("two words", "--role-arn", "a;b", "x".repeat(101), "ä", "-leading",
                    "line\nbreak")) {
                Map<String, String> bad = new HashMap<>(reported);
                bad.put(field, invalid);
                assertThatThrownBy(() -> WorkflowReports.outputs(bad)).as(field + " " + invalid)
                        .hasMessageContaining(field);
            }
        }
    }

    @Test
    void the_simulated_ca_is_a_real_self_signed_ca_certificate() throws Exception {
        String pem = new String(Base64.getDecoder().decode(SimulatedClusterCa.certificateAuthorityData("kubernetes",
                Instant.now())), StandardCharsets.US_ASCII);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));

        certificate.checkValidity();
        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=kubernetes");
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n")
                .doesNotContain("PRIVATE");
    }

    @Test
    void a_document_that_is_no_report_is_refused_before_anything_is_read() {
        WorkflowReports reports = new WorkflowReports(null);
        assertThatThrownBy(() -> reports.handle(Map.of("report", "started", "owner", "nobody")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> reports.handle(Map.of("report", "paused",
                "owner", "5f1c0d2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5", "cluster_id", "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "run_id", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"))).hasMessageContaining("paused");
    }
}
