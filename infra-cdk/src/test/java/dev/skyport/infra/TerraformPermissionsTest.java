package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AWS policy the README gives a cloud account for Skyport's runs: scoped where AWS allows it. */
class TerraformPermissionsTest {

    private static final Path POLICY = Path.of("terraform-image/permissions/aws-policy.json");

    @Test
    void the_state_is_reachable_only_under_skyport_and_nothing_is_granted_wholesale() throws IOException {
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
