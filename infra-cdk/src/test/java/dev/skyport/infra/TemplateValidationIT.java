package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The templates, read by validators Skyport did not write: AWS's CloudFormation validator with its resource schemas
 * ({@code @aws/cloudformation-validate}, the version aws-cdk-lib ships and runs at synthesis) over the three
 * synthesized stacks and the template a customer deploys, and npm's {@code asl-validator} (it knows JSONata) over
 * the provisioning state machine.
 */
class TemplateValidationIT {

    /** Findings that are known not to be defects, with why. */
    private static final Map<String, String> ACKNOWLEDGED = Map.of(
            "W3694", "an SNS subscription's endpoint is the function's live alias: SNS invokes aliases, the rule"
                    + " expects a function",
            "W3005", "CDK repeats a dependency a GetAtt already implies (the state machine's role)");

    private static List<JsonNode> findings(Path... templates) {
        List<String> paths = new ArrayList<>();
        for (Path template : templates) {
            paths.add(template.toAbsolutePath().toString());
        }
        List<JsonNode> all = new ArrayList<>();
        IamSimulator.read(NodeChecks.run("validate-cfn.mjs", "", paths.toArray(String[]::new))).forEach(all::add);
        return all;
    }

    private static List<String> problems(List<JsonNode> findings) {
        return findings.stream()
                .filter(f -> !f.path("severity").asText().equalsIgnoreCase("INFO"))
                .filter(f -> !ACKNOWLEDGED.containsKey(f.path("rule").asText()))
                .map(f -> f.path("template").asText().replaceAll(".*/", "") + " " + f.path("severity").asText() + " "
                        + f.path("rule").asText() + ": " + f.path("message").asText())
                .toList();
    }

    @Test
    void the_synthesized_stacks_pass_the_cloudformation_validator_and_its_schemas() throws Exception {
        SynthesizedApp app = SynthesizedApp.get();
        Path directory = Path.of(app.assembly.getDirectory());
        Path[] templates = List.of(app.stacks.data(), app.stacks.provisioning(), app.stacks.api()).stream()
                .map(stack -> directory.resolve(stack.getStackName() + ".template.json")).toArray(Path[]::new);
        for (Path template : templates) {
            assertThat(template).isRegularFile();
        }
        List<JsonNode> findings = findings(templates);
        assertThat(findings).as("the validator read the stacks").isNotEmpty();
        assertThat(problems(findings)).isEmpty();
        JsonNode synthReport = IamSimulator.read(Files.readString(directory.resolve("validation-report.json")));
        assertThat(synthReport.path("pluginReports").get(0).path("conclusion").asText())
                .as("the validation CDK ran at synthesis").isEqualTo("success");
    }

    @Test
    void the_template_a_customer_deploys_passes_the_cloudformation_validator() {
        List<JsonNode> findings = findings(CustomerAccount.TEMPLATE);
        assertThat(problems(findings)).isEmpty();
    }

    @Test
    void the_provisioning_state_machine_passes_asl_validator() {
        // As Step Functions gets it: every CloudFormation reference in it resolved.
        JsonNode definition = new DeployedValues(SynthesizedApp.get().templates())
                .stateMachineDefinition("StateMachine");
        JsonNode result = IamSimulator.read(NodeChecks.run("validate-asl.mjs", definition.toString()));
        assertThat(result.path("valid").asBoolean()).as(result.path("errors").asText()).isTrue();
        assertThat(definition.path("QueryLanguage").asText()).isEqualTo("JSONata");
    }
}
