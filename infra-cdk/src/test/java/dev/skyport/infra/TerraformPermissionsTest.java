package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The AWS policy the README gives a cloud account for Skyport's runs: scoped where AWS allows it. */
class TerraformPermissionsTest {

    private static final Path POLICY = Path.of("terraform-image/permissions/aws-policy.json");

    @Test
    void the_state_is_reachable_only_under_skyport_and_nothing_is_granted_wholesale_or_for_escalation() throws IOException {
        JsonNode policy = new ObjectMapper().readTree(POLICY.toFile());
        List<JsonNode> statements = new ArrayList<>();
        policy.path("Statement").forEach(statements::add);
        assertThat(statements).isNotEmpty().allSatisfy(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            for (String action : values(statement.path("Action"))) {
                assertThat(action).as("no service granted whole").isNotEqualTo("*");
                if (action.endsWith("*") && values(statement.path("Resource")).contains("*")) {
                    // A wildcard on every resource only for reads.
                    assertThat(action).matches("[a-z0-9]+:(Describe|List|Get)\\*");
                }
            }
        });

        JsonNode state = statements.stream().filter(s -> s.path("Sid").asText().equals("TerraformState"))
                .findFirst().orElseThrow();
        // The run's state and its S3 lock file (use_lockfile) live under <prefix>skyport/<cluster id>/.
        assertThat(values(state.path("Action"))).contains("s3:GetObject", "s3:PutObject", "s3:DeleteObject");
        assertThat(values(state.path("Resource"))).singleElement().asString().endsWith("skyport/*");

        // IAM writes only to roles and policies named skyport-* (the EKS module is given those names), a role passed
        // only to EKS, and policies attached only from the list a cluster needs: the credentials cannot make
        // themselves an administrator by attaching AdministratorAccess to a role of their own.
        for (JsonNode statement : statements) {
            List<String> actions = values(statement.path("Action"));
            if (actions.stream().anyMatch(action -> action.startsWith("iam:") && !action.startsWith("iam:Get")
                    && !action.equals("iam:CreateServiceLinkedRole"))) {
                assertThat(values(statement.path("Resource"))).as(statement.path("Sid").asText())
                        .allMatch(arn -> arn.contains(":role/skyport-") || arn.contains(":policy/skyport-")
                                || arn.contains(":oidc-provider/oidc.eks."));
            }
            if (actions.contains("iam:PassRole")) {
                assertThat(statement.path("Condition").path("StringEquals").path("iam:PassedToService").isArray())
                        .isTrue();
            }
            if (actions.contains("iam:AttachRolePolicy")) {
                assertThat(values(statement.path("Condition").path("ArnLike").path("iam:PolicyARN")))
                        .isNotEmpty().noneMatch(arn -> arn.contains("AdministratorAccess") || arn.contains("IAMFullAccess"));
            }
            // Deleting or unscheduling things: only what Skyport's runs made (their provider tags every resource).
            if (values(statement.path("Resource")).contains("*") && actions.stream().anyMatch(action ->
                    action.matches("(ec2|kms):(Delete(?!Alias).*|Release.*|Detach.*|ScheduleKeyDeletion|PutKeyPolicy)"))) {
                assertThat(statement.path("Condition").path("StringEquals").path("aws:ResourceTag/managed-by")
                        .asText()).as(statement.path("Sid").asText()).isEqualTo("skyport");
            }
        }

        // ... which holds only while the EKS module names every role and policy it makes that way.
        String eks = Files.readString(Path.of("terraform-image/terraform/modules/eks/main.tf"));
        assertThat(Pattern.compile("(iam_role_name|encryption_policy_name)\\s*=\\s*\"([^\"]*)\"").matcher(eks).results()
                .map(match -> match.group(2)).toList()).hasSize(3).allMatch(name -> name.startsWith("skyport-"));
        assertThat(eks).contains("name = \"skyport-${var.name}-ebs-csi\"");

        JsonNode serviceLinked = statements.stream().filter(s -> values(s.path("Action"))
                .contains("iam:CreateServiceLinkedRole")).findFirst().orElseThrow();
        assertThat(serviceLinked.path("Condition").path("StringEquals").path("iam:AWSServiceName").isArray())
                .as("service-linked roles only for the services a cluster uses").isTrue();
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }
}
