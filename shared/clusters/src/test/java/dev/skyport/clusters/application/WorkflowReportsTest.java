package dev.skyport.clusters.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void a_document_that_is_no_report_is_refused_before_anything_is_read() {
        WorkflowReports reports = new WorkflowReports(null);
        assertThatThrownBy(() -> reports.handle(Map.of("report", "started", "owner", "nobody")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> reports.handle(Map.of("report", "paused",
                "owner", "5f1c0d2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5", "cluster_id", "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "run_id", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"))).hasMessageContaining("paused");
    }
}
