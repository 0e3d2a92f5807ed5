package dev.skyport.cloudaccounts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.kernel.DomainException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PreflightReportTest {

    @Test
    void missing_permissions_are_the_reason_before_anything_else_found_and_come_first_in_the_details() {
        PreflightReport report = PreflightReport.of(PreflightReport.STATE_BUCKET_UNVERSIONED, "bucket b keeps no versions")
                .and(PreflightReport.missing(List.of("eks:CreateCluster")));
        assertThat(report.isPassed()).isFalse();
        assertThat(report.reason()).contains("missing-permissions");
        assertThat(report.details()).containsExactly("eks:CreateCluster", "bucket b keeps no versions");
        assertThat(PreflightReport.passed().reason()).isEmpty();
        assertThat(PreflightReport.passed().and(PreflightReport.missing(List.of())).isPassed()).isTrue();
    }

    @Test
    void a_long_list_is_cut_to_what_a_run_keeps_and_says_how_many_more() {
        PreflightReport report = PreflightReport.missing(IntStream.range(0, 100).mapToObj(i -> "ec2:Action" + i)
                .toList());
        assertThat(report.details()).hasSize(PreflightReport.MAX_DETAILS).endsWith("... and 61 more");
    }

    @Test
    void a_scope_of_the_wrong_shape_is_refused_naming_the_field() {
        assertThatThrownBy(() -> new PreflightScope("eu-west-1", "demo", "../etc", "k"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.slug()).isEqualTo("invalid-preflight");
                    assertThat(e.getMessage()).contains("state_bucket");
                });
        assertThatThrownBy(() -> new PreflightScope("eu-west-1", "Demo!", "b-b", "k"))
                .hasMessageContaining("cluster_name");
    }

    @Test
    void the_aws_calls_of_a_run_name_its_own_cluster_roles_and_state_and_carry_the_boundary_on_every_role() {
        List<AwsRunActions.Check> checks = AwsRunActions.of("aws", "210987654321",
                new PreflightScope("eu-west-1", "demo", "acme-tf-state", "platform/skyport/c/terraform.tfstate"));
        assertThat(checks).extracting(AwsRunActions.Check::resource)
                .contains("arn:aws:eks:eu-west-1:210987654321:cluster/skyport-demo",
                        "arn:aws:iam::210987654321:role/skyport-demo-cluster",
                        "arn:aws:s3:::acme-tf-state/platform/skyport/c/terraform.tfstate");
        assertThat(checks).filteredOn(check -> List.of("iam:CreateRole", "iam:PutRolePolicy",
                        "iam:AttachRolePolicy").contains(check.action()))
                .isNotEmpty()
                .allSatisfy(check -> assertThat(check.context()).anySatisfy(context -> {
                    assertThat(context.key()).isEqualTo("iam:PermissionsBoundary");
                    assertThat(context.values()).containsExactly("arn:aws:iam::210987654321:policy/skyport-boundary");
                }));
    }
}
