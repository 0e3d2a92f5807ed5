package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The SkyportProvisioning stack: the workflow, the Terraform task and who may start and read runs. */
class ProvisioningStackTest extends SynthesizedStacks {

    @Test
    void the_workflow_is_a_traced_logged_standard_state_machine_that_waits_for_the_terraform_tasks_token() {
        provisioning.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "StateMachineType", "STANDARD",
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Match.objectLike(Map.of("IncludeExecutionData", false))));
        JsonNode definition = StateMachineDefinitions.of(provisioning);
        assertThat(definition.path("QueryLanguage").asText()).isEqualTo("JSONata");
        JsonNode terraform = definition.path("States").path("RunTerraform");
        assertThat(terraform.path("Resource").asText()).endsWith(":states:::ecs:runTask.waitForTaskToken");
        assertThat(terraform.path("HeartbeatSeconds").asInt()).isEqualTo(300);
        assertThat(terraform.path("TimeoutSeconds").asInt()).isEqualTo(7200);
        assertThat(terraform.path("Catch").get(0).path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
        JsonNode overrides = terraform.path("Arguments").path("Overrides").path("ContainerOverrides").get(0);
        assertThat(overrides.path("Environment").findValuesAsText("Name")).containsExactlyInAnyOrder(
                "SKYPORT_CLUSTER_ID", "SKYPORT_RUN_ID", "SKYPORT_ACTION", "SKYPORT_OWNER_ID", "SKYPORT_TASK_TOKEN");
        assertThat(overrides.toString()).contains("$states.context.Task.Token");
        assertThat(definition.toString()).as("no secret travels through the workflow")
                .doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("password");
        // Every mark is a report to the clusters code (RunReports): the workflow names no table, key or condition.
        assertThat(definition.path("States").path("ReportFailed").path("Resource").asText())
                .endsWith(":states:::lambda:invoke");
        assertThat(definition.toString()).doesNotContain("dynamodb").doesNotContain("CLUSTER#")
                .doesNotContain("USER#");
    }

    @Test
    void the_terraform_task_runs_the_image_asset_on_fargate_with_https_egress_only_and_logs_kept() {
        provisioning.hasResourceProperties("AWS::ECS::Cluster", Map.of("ClusterSettings",
                List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
        provisioning.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "RequiresCompatibilities", List.of("FARGATE"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Name", "terraform",
                        "Image", Match.objectLike(Map.of("Fn::Sub", Match.stringLikeRegexp(".*container-assets.*"))),
                        "LogConfiguration", Match.objectLike(Map.of("LogDriver", "awslogs")),
                        // nothing of the image can be changed by a run; its scratch space is a volume of its own
                        "ReadonlyRootFilesystem", true,
                        "MountPoints", List.of(Map.of("ContainerPath", "/work", "ReadOnly", false,
                                "SourceVolume", "work")),
                        // Terraform gets the most Fargate allows to release its state lock on a cancel
                        "StopTimeout", 120))),
                "Volumes", List.of(Map.of("Name", "work"))));
        provisioning.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "SecurityGroupEgress", List.of(Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "tcp",
                        "FromPort", 443, "ToPort", 443, "Description", "HTTPS to the cloud providers' APIs"))));
        // One NAT gateway with an address of Skyport's: the runners' fixed egress, which every cluster's API lets in.
        provisioning.resourceCountIs("AWS::EC2::NatGateway", 1);
        provisioning.resourceCountIs("AWS::EC2::EIP", 1);
        assertThat(provisioning.findOutputs("RunnerAddress", Match.anyValue())).hasSize(1);
        assertThat(provisioning.findResources("AWS::Lambda::Function").toString())
                .contains("SKYPORT_CLUSTERS_RUNNER_CIDRS");
        provisioning.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        JsonNode images = readJson(Path.of(assembly.getDirectory(), stacks.provisioning().getStackName()
                + ".assets.json")).path("dockerImages");
        assertThat(images.size()).as("one image asset: the Terraform image").isEqualTo(1);
        String hash = images.fieldNames().next();
        Path staged = Path.of(assembly.getDirectory(), images.path(hash).path("source").path("directory").asText());
        assertThat(staged.resolve("Dockerfile")).hasSameTextualContentAs(Path.of("terraform-image/Dockerfile"));
        // The root file system is read-only: the image's runner writes to the task's scratch volume only.
        String dockerfile = readText(Path.of("terraform-image/Dockerfile"));
        String work = dev.skyport.infra.clusters.ProvisioningStack.WORK_PATH;
        assertThat(dockerfile).contains("ENV TMPDIR=" + work + " HOME=" + work).contains("VOLUME [\"" + work + "\"]")
                .contains("chown skyport:skyport " + work).contains("USER skyport");
        assertThat(provisioning.findResources("AWS::ECS::TaskDefinition").toString()).as("the task runs that image")
                .contains(hash);
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_terraform_task_learns_its_run_from_the_broker_only_and_its_environment_holds_no_table_or_secret() {
        Map<String, Object> container = ((List<Map<String, Object>>) ((Map<String, Object>) provisioning
                .findResources("AWS::ECS::TaskDefinition").values().iterator().next().get("Properties"))
                .get("ContainerDefinitions")).getFirst();
        assertThat(((List<Map<String, Object>>) container.get("Environment")).stream().map(e -> e.get("Name")))
                .containsExactlyInAnyOrder("SKYPORT_RUN_BROKER_URL", "AWS_REGION");
        provisioning.hasResourceProperties("AWS::Lambda::Url", Map.of("AuthType", "AWS_IAM"));
        provisioning.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.skyport.clusters.RunBrokerHandler::handleRequest",
                "ReservedConcurrentExecutions", ReservedConcurrency.DEFAULTS.runBroker()));
        String taskPolicy = provisioning.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("TerraformTaskTaskRole")).findFirst().orElseThrow().getValue()
                .toString();
        assertThat(taskPolicy).contains("states:SendTaskSuccess").contains("lambda:InvokeFunctionUrl")
                .doesNotContain("dynamodb:").doesNotContain("secretsmanager:").doesNotContain("sts:");
        assertThat(provisioning.findResources("AWS::Lambda::Function").toString())
                .contains("dev.skyport.clusters.RunBrokerHandler::handleRequest");
    }

    @Test
    void the_clusters_function_starts_and_stops_runs_of_the_workflow_only_and_reads_its_task_logs() {
        String policy = policyOf("ClustersFunctionRole").toString();
        assertThat(policy).contains("states:StartExecution").contains("states:StopExecution")
                .contains(":execution:").contains("logs:GetLogEvents").contains(":log-stream:*")
                .doesNotContain("states:*").doesNotContain("secretsmanager:CreateSecret");
        String backstopPolicy = policyOf("ClustersWorkflowBackstopRole").toString();
        assertThat(backstopPolicy).doesNotContain("states:").doesNotContain("secretsmanager:");
        api.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                "source", List.of("aws.states"),
                "detail-type", List.of("Step Functions Execution Status Change"),
                "detail", Match.objectLike(Map.of("status", List.of("FAILED", "TIMED_OUT", "ABORTED")))),
                "Targets", List.of(Match.objectLike(Map.of("DeadLetterConfig", Match.anyValue(),
                        "RetryPolicy", Map.of("MaximumEventAgeInSeconds", 21600, "MaximumRetryAttempts", 8))))));
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.skyport.clusters.ClustersHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SKYPORT_CLUSTERS_CREATORS", "admin",
                        "SKYPORT_CLUSTERS_WORKFLOW_STATE_MACHINE_ARN", Match.anyValue(),
                        "SKYPORT_CLUSTERS_WORKFLOW_LOG_GROUP", Match.anyValue())))));
    }
}
