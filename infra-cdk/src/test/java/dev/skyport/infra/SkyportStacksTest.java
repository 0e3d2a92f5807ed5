package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.infra.realtime.WebSocketEndpoint;
import dev.skyport.notifications.application.NotificationRules;
import dev.skyport.platform.security.TokenKeySets;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.lambda.Alias;

/**
 * Synthesizes the real app from the real jars (a missing jar fails the test) and checks what a reviewer would:
 * the table's protection, the function's runtime and SnapStart, the routes, the scoped permissions, and cdk-nag.
 */
class SkyportStacksTest {

    private static SkyportApp.Stacks stacks;
    private static Template data;
    private static Template api;
    private static Template provisioning;
    private static CloudAssembly assembly;

    @BeforeAll
    static void synthesize() {
        SynthesizedApp app = SynthesizedApp.get();
        stacks = app.stacks;
        assembly = app.assembly;
        assertThat(assembly.getStacks()).hasSize(3);
        data = app.data;
        api = app.api;
        provisioning = app.provisioning;
    }

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
                "ReservedConcurrentExecutions", dev.skyport.infra.clusters.RunBroker.RESERVED_CONCURRENCY));
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

    @Test
    void the_users_table_has_point_in_time_recovery_ttl_and_deletion_protection() {
        data.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "Replicas", List.of(Match.objectLike(Map.of(
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true)))));
        data.hasResource("AWS::DynamoDB::GlobalTable", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void the_clusters_table_streams_new_and_old_images_and_lists_by_owner() {
        data.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                "GlobalSecondaryIndexes", Match.arrayWith(List.of(Match.objectLike(Map.of("IndexName", "byOwner")),
                        Match.objectLike(Map.of("IndexName", "byLogStream", "KeySchema", List.of(
                                Map.of("AttributeName", "logStream", "KeyType", "HASH"),
                                Map.of("AttributeName", "sk", "KeyType", "RANGE")))))),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true)));
    }

    @Test
    void deletion_protection_can_be_turned_off_for_throwaway_environments() {
        App app = new App();
        SkyportApp.Stacks throwaway = SkyportApp.build(app, new SkyportSettings(false, "a@b.c", "b.c", "", "",
                Optional.empty(), Path.of("../functions"), "admin", Path.of("terraform-image")));
        Template.fromStack(throwaway.data()).hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "Replicas", List.of(Match.objectLike(Map.of("DeletionProtectionEnabled", false)))));
    }

    @Test
    void the_token_keys_are_two_secrets_that_start_empty_for_token_keys_init() {
        data.resourceCountIs("AWS::SecretsManager::Secret", 2);
        data.allResourcesProperties("AWS::SecretsManager::Secret", Map.of("SecretString", TokenKeySets.NO_KEYS_YET));
        data.hasOutput("TokenSigningKeysSecretArn", Match.anyValue());
        data.hasOutput("TokenVerificationKeysSecretArn", Match.anyValue());
    }

    @Test
    void only_the_token_issuing_functions_may_read_the_private_token_keys() {
        for (String issuer : List.of("AuthFunctionRole", "AccountsFunctionRole")) {
            assertThat(secretsReadBy(issuer)).as(issuer).anyMatch(r -> r.contains("TokenSigningKeys"))
                    .anyMatch(r -> r.contains("TokenVerificationKeys"));
        }
        assertThat(secretsReadBy("CloudAccountsFunctionRole")).anyMatch(r -> r.contains("TokenVerificationKeys"))
                .noneMatch(r -> r.contains("TokenSigningKeys"));
        for (String eventFunction : List.of("AccountsPendingEventsRole", "CloudAccountsUserDeletedRole",
                "RealtimeWebSocketRole", "RealtimeLiveEventsRole", "RealtimeRunLogsRole",
                "StreamPublisherFunctionRole")) {
            assertThat(secretsReadBy(eventFunction)).as(eventFunction).noneMatch(r -> r.contains("TokenSigningKeys"))
                    .noneMatch(r -> r.contains("TokenVerificationKeys"));
        }
        assertThat(environmentOf("dev.skyport.cloudaccounts.CloudAccountsHandler"))
                .containsKey("SKYPORT_SECURITY_VERIFICATION_KEYS_SECRET_ID")
                .doesNotContainKey("SKYPORT_SECURITY_SIGNING_KEYS_SECRET_ID");
        assertThat(environmentOf("dev.skyport.auth.AuthHandler"))
                .containsKeys("SKYPORT_SECURITY_SIGNING_KEYS_SECRET_ID", "SKYPORT_SECURITY_VERIFICATION_KEYS_SECRET_ID");
    }

    /** The resources of a role's statements that read secrets, as text. */
    private static List<String> secretsReadBy(String rolePrefix) {
        return statementsWith(policyOf(rolePrefix), "secretsmanager:GetSecretValue").stream()
                .map(statement -> String.valueOf(statement.get("Resource"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environmentOf(String handlerClass) {
        return api.findResources("AWS::Lambda::Function").values().stream()
                .map(resource -> (Map<String, Object>) resource.get("Properties"))
                .filter(properties -> (handlerClass + "::handleRequest").equals(properties.get("Handler")))
                .map(properties -> (Map<String, Object>) ((Map<String, Object>) properties.get("Environment"))
                        .get("Variables"))
                .findFirst().orElseThrow();
    }

    @Test
    void the_auth_function_runs_java_21_with_snapstart_on_published_versions() {
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "dev.skyport.auth.AuthHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SKYPORT_MAIL_SENDER", "noreply@skyport.example",
                        "SKYPORT_ADMIN_EMAILS", "boss@skyport.example",
                        "SKYPORT_GOOGLE_CLIENT_ID", "client-id.apps.googleusercontent.com")))));
        api.resourceCountIs("AWS::Lambda::Alias", 12);
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "dev.skyport.accounts.AccountsHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    }

    @Test
    void the_platform_events_topic_is_encrypted_and_only_the_accounts_functions_and_the_stream_publisher_publish() {
        data.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        api.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("AccountsFunctionRole.*"))),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "sns:Publish")))))));
        Map<String, Map<String, Object>> policies = api.findResources("AWS::IAM::Policy");
        for (Map.Entry<String, Map<String, Object>> policy : policies.entrySet()) {
            String document = policy.getValue().toString();
            if (policy.getKey().startsWith("Accounts")) {
                assertThat(document).doesNotContain("ses:SendEmail");
            } else if (!policy.getKey().startsWith("StreamPublisherFunctionRole")
                    && !policy.getKey().startsWith("AuthFunctionRole")
                    && !policy.getKey().startsWith("CloudAccountsFunctionRole")) {
                // Who announces: accounts (user.deleted), auth (password reset, Google linked), cloud-accounts
                // (a failed re-verification), the stream publisher (status changes). Nobody else.
                assertThat(document).doesNotContain("sns:Publish");
            }
        }
        assertThat(policyOf("AuthFunctionRole").toString()).contains("sns:Publish");
        assertThat(policyOf("CloudAccountsFunctionRole").toString()).contains("sns:Publish");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_accounts_role_writes_the_users_table_and_only_reads_the_clusters_table() {
        Map<String, Object> policy = api.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("AccountsFunction")).map(Map.Entry::getValue).findFirst()
                .orElseThrow();
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>)
                ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument")).get("Statement");
        List<Map<String, Object>> dynamo = statements.stream()
                .filter(statement -> String.valueOf(statement.get("Action")).contains("dynamodb:")).toList();
        assertThat(dynamo).isNotEmpty();
        assertThat(dynamo).allSatisfy(statement -> assertThat(String.valueOf(statement.get("Resource")))
                .containsAnyOf("UsersTable", "ClustersTable"));
        assertThat(dynamo).filteredOn(statement -> String.valueOf(statement.get("Resource")).contains("UsersTable"))
                .first().satisfies(statement -> assertThat(String.valueOf(statement.get("Action")))
                        .contains("dynamodb:PutItem").doesNotContain("dynamodb:*"));
        // Deleting an account waits for its clusters (DependentResources): read them, never change them.
        assertThat(dynamo).filteredOn(statement -> String.valueOf(statement.get("Resource")).contains("ClustersTable"))
                .singleElement().satisfies(statement -> assertThat(statement.get("Action"))
                        .isEqualTo(List.of("dynamodb:GetItem", "dynamodb:Query")));
    }

    @Test
    void cloud_accounts_secrets_are_limited_to_the_skyport_prefix_and_roles_are_assumed_with_sts() {
        Map<String, Object> policy = policyOf("CloudAccountsFunctionRole");
        String document = policy.toString();
        assertThat(document).contains("secretsmanager:CreateSecret").contains(":secret:skyport/cloud-accounts/*")
                .contains("sts:AssumeRole").doesNotContain("secretsmanager:*");
        assertThat(statementsWith(policy, "secretsmanager:")).allSatisfy(statement -> {
            String resource = String.valueOf(statement.get("Resource"));
            if (resource.contains("TokenVerificationKeys")) {
                assertThat(String.valueOf(statement.get("Action"))).doesNotContain("Put").doesNotContain("Delete")
                        .doesNotContain("Create");
            } else {
                assertThat(resource).contains(":secret:skyport/cloud-accounts/*");
            }
        });
        data.resourceCountIs("AWS::DynamoDB::GlobalTable", 5);
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_cloud_accounts_function_may_only_read_whether_a_session_is_live_from_the_users_table() {
        Map<String, Object> policy = policyOf("CloudAccountsFunctionRole");
        List<Map<String, Object>> onUsers = statementsWith(policy, "dynamodb:").stream()
                .filter(statement -> String.valueOf(statement.get("Resource")).contains("UsersTable")).toList();
        assertThat(onUsers).singleElement().satisfies(statement -> {
            assertThat(actions(statement)).containsExactly("dynamodb:GetItem");
            Map<String, Object> conditions = (Map<String, Object>) statement.get("Condition");
            assertThat(conditions).containsOnlyKeys("ForAllValues:StringLike", "ForAllValues:StringEquals",
                    "StringEqualsIfExists");
            assertThat(conditions.get("ForAllValues:StringLike"))
                    .isEqualTo(Map.of("dynamodb:LeadingKeys", List.of("USER#*")));
            assertThat((List<String>) ((Map<String, Object>) conditions.get("ForAllValues:StringEquals"))
                    .get("dynamodb:Attributes"))
                    .containsExactlyInAnyOrder("pk", "sk", "revoked", "sessionEnds", "expiresAt");
            assertThat(conditions.get("StringEqualsIfExists"))
                    .isEqualTo(Map.of("dynamodb:Select", "SPECIFIC_ATTRIBUTES"));
        });
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.skyport.cloudaccounts.CloudAccountsHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SKYPORT_TABLES_USERS", Match.anyValue())))));
        assertThat(policyOf("CloudAccountsUserDeletedRole").toString()).doesNotContain("UsersTable");
    }

    @Test
    void user_deleted_reaches_the_cloud_accounts_clean_up_through_a_filtered_subscription() {
        api.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "lambda",
                "FilterPolicy", Map.of("type", List.of("user.deleted"))));
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.skyport.cloudaccounts.UserDeletedHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        Map<String, Object> cleanupPolicy = policyOf("CloudAccountsUserDeletedRole");
        assertThat(cleanupPolicy.toString()).contains("secretsmanager:DeleteSecret")
                .doesNotContain("secretsmanager:GetSecretValue\"").doesNotContain("sts:AssumeRole");
    }

    @Test
    void the_cloud_accounts_role_may_not_assume_any_role_of_skyports_own_account() {
        Map<String, Object> policy = policyOf("CloudAccountsFunctionRole");
        assertThat(statementsWith(policy, "sts:AssumeRole")).anySatisfy(statement -> {
            assertThat(statement.get("Effect")).isEqualTo("Deny");
            assertThat(String.valueOf(statement.get("Resource"))).contains("AWS::Partition")
                    .contains(":iam::").contains("AWS::AccountId").contains(":role/*");
        });
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.skyport.cloudaccounts.CloudAccountsHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SKYPORT_AWS_ACCOUNT_ID", Map.of("Ref", "AWS::AccountId"))))));
    }

    @Test
    void user_deleted_failures_end_in_an_encrypted_ssl_only_dead_letter_queue_with_an_alarm() {
        Map<String, Map<String, Object>> queues = api.findResources("AWS::SQS::Queue");
        String queue = queues.keySet().stream().filter(id -> id.contains("UserDeleted")).findFirst().orElseThrow();
        assertThat(queue).startsWith("CloudAccountsUserDeletedDeadLetters");
        api.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
        api.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("Queues", List.of(Map.of("Ref", queue)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        api.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "FilterPolicy", Map.of("type", List.of("user.deleted")),
                "RedrivePolicy", Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(queue, "Arn")))));
        api.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of("MaximumRetryAttempts", 2,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(queue, "Arn"))))));
        api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(queue, "QueueName")))),
                "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold"));
    }

    @Test
    void the_user_deleted_clean_up_may_only_find_and_delete() {
        Map<String, Object> policy = policyOf("CloudAccountsUserDeletedRole");
        List<Map<String, Object>> dynamo = statementsWith(policy, "dynamodb:");
        assertThat(dynamo).isNotEmpty().allSatisfy(statement -> {
            assertThat(actions(statement)).containsOnly("dynamodb:Query", "dynamodb:DeleteItem");
            assertThat(String.valueOf(statement.get("Resource"))).contains("CloudAccountsTable");
        });
        assertThat(statementsWith(policy, "secretsmanager:")).isNotEmpty().allSatisfy(statement -> {
            assertThat(actions(statement)).containsOnly("secretsmanager:DeleteSecret");
            assertThat(String.valueOf(statement.get("Resource"))).contains(":secret:skyport/cloud-accounts/*");
        });
        assertThat(policy.toString()).doesNotContain("dynamodb:Put").doesNotContain("dynamodb:Update")
                .doesNotContain("dynamodb:BatchWrite").doesNotContain("secretsmanager:Put")
                .doesNotContain("secretsmanager:Update").doesNotContain("secretsmanager:Create")
                .doesNotContain("sts:AssumeRole");
    }

    @Test
    void the_cloud_accounts_table_expires_failure_counters() {
        Map<String, Map<String, Object>> tables = data.findResources("AWS::DynamoDB::GlobalTable");
        assertThat(tables.entrySet()).filteredOn(table -> table.getKey().startsWith("CloudAccountsTable"))
                .singleElement().satisfies(table -> assertThat(String.valueOf(table.getValue().get("Properties")))
                        .contains("TimeToLiveSpecification={AttributeName=expiresAt, Enabled=true}"));
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(action));
    }

    @Test
    void pending_events_are_relayed_on_a_schedule() {
        api.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(5 minutes)",
                "State", "ENABLED"));
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.skyport.accounts.PendingEventsHandler::handleRequest"));
        assertThat(policyOf("AccountsPendingEventsRole").toString()).contains("sns:Publish")
                .doesNotContain("ses:SendEmail");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> policyOf(String rolePrefix) {
        return api.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith(rolePrefix)).map(Map.Entry::getValue).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsWith(Map<String, Object> policy, String action) {
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>)
                ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument")).get("Statement");
        return statements.stream().filter(s -> String.valueOf(s.get("Action")).contains(action)).toList();
    }

    @Test
    void every_controller_route_is_on_the_http_api_integrating_its_own_function_and_nothing_else_is() {
        Map<String, String> expected = new TreeMap<>();
        Map<String, Alias> functions = Map.of(
                "auth", stacks.api().auth().function().live(),
                "accounts", stacks.api().accounts().function().live(),
                "cloud-accounts", stacks.api().cloudAccounts().api().live(),
                "clusters", stacks.api().clusters().api().live(),
                "notifications", stacks.api().notifications().api().live());
        functions.forEach((module, alias) -> controllerRoutes(module).forEach(routeKey ->
                assertThat(expected.put(routeKey, logicalId(alias))).as("%s served twice", routeKey).isNull()));
        assertThat(expected).as("routes the controllers declare").hasSizeGreaterThan(20);

        Map<String, Map<String, Object>> integrations = api.findResources("AWS::ApiGatewayV2::Integration");
        Map<String, String> deployed = new TreeMap<>();
        String httpApi = "{Ref=" + stacks.api().getLogicalId((CfnElement) stacks.api().api().getNode()
                .getDefaultChild()) + "}";
        api.findResources("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<?, ?> properties = (Map<?, ?>) route.get("Properties");
            if (!httpApi.equals(String.valueOf(properties.get("ApiId")))) {
                return; // the WebSocket API's routes: live_status_connects_over_a_websocket_api...
            }
            String integration = referencedId(properties.get("Target"));
            String uri = String.valueOf(((Map<?, ?>) integrations.get(integration).get("Properties"))
                    .get("IntegrationUri"));
            String alias = functions.values().stream().map(SkyportStacksTest::logicalId)
                    .filter(id -> uri.equals("{Ref=" + id + "}")).findFirst().orElse("unknown target " + uri);
            assertThat(deployed.put((String) properties.get("RouteKey"), alias))
                    .as("%s on the API twice", properties.get("RouteKey")).isNull();
        });

        // Both ways: no controller route without its API route, no API route without a controller, right function.
        assertThat(deployed).containsExactlyInAnyOrderEntriesOf(expected);
        api.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "$default",
                "AccessLogSettings", Match.objectLike(Map.of())));
    }

    /**
     * The routes the module's controllers serve, as {@code METHOD /path/{param}}, read from the OpenAPI document its
     * build generated (target/classes, not the jar CDK reads). Local-only routes are not deployed by design.
     */
    @SuppressWarnings("unchecked")
    private static List<String> controllerRoutes(String module) {
        Path document = Path.of("../functions", module, "target/classes/META-INF/swagger/skyport-" + module + ".yml");
        assertThat(document).as("the OpenAPI document generated by the %s build", module).isRegularFile();
        try (InputStream in = Files.newInputStream(document)) {
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>)
                    new Yaml().<Map<String, Object>>load(in).get("paths");
            List<String> routes = new ArrayList<>();
            paths.forEach((path, item) -> item.keySet().stream()
                    .filter(key -> List.of("get", "put", "post", "delete", "patch", "head", "options").contains(key))
                    .forEach(method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path)));
            return routes.stream().filter(route -> !route.contains(" /local/")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logicalId(Alias alias) {
        return stacks.api().getLogicalId((CfnElement) alias.getNode().getDefaultChild());
    }

    /**
     * The platform's check on ended sessions is on in every function behind the HTTP API (LiveSessionCheck); it reads
     * the users table, so each of them, including one added later, must be given its name and a GetItem on it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void every_function_behind_the_http_api_may_read_sessions_from_the_users_table() {
        Map<String, Map<String, Object>> integrations = api.findResources("AWS::ApiGatewayV2::Integration");
        Map<String, Map<String, Object>> aliases = api.findResources("AWS::Lambda::Alias");
        Map<String, Map<String, Object>> functions = api.findResources("AWS::Lambda::Function");
        String httpApi = "{Ref=" + stacks.api().getLogicalId((CfnElement) stacks.api().api().getNode()
                .getDefaultChild()) + "}";
        Set<String> behindTheApi = new TreeSet<>();
        api.findResources("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<?, ?> properties = (Map<?, ?>) route.get("Properties");
            if (httpApi.equals(String.valueOf(properties.get("ApiId")))) {
                Object uri = ((Map<?, ?>) integrations.get(referencedId(properties.get("Target"))).get("Properties"))
                        .get("IntegrationUri");
                Object function = ((Map<?, ?>) aliases.get(referencedId(uri)).get("Properties")).get("FunctionName");
                behindTheApi.add(referencedId(function));
            }
        });
        assertThat(behindTheApi).as("the functions behind the HTTP API").hasSize(5);
        for (String function : behindTheApi) {
            Map<String, Object> properties = (Map<String, Object>) functions.get(function).get("Properties");
            Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>)
                    properties.get("Environment")).get("Variables");
            assertThat(String.valueOf(environment.get("SKYPORT_TABLES_USERS"))).as(function).contains("UsersTable");
            String role = String.valueOf(((List<?>) ((Map<?, ?>) properties.get("Role")).get("Fn::GetAtt")).get(0));
            List<String> readable = api.findResources("AWS::IAM::Policy").values().stream()
                    .filter(policy -> String.valueOf(((Map<?, ?>) policy.get("Properties")).get("Roles"))
                            .contains("{Ref=" + role + "}"))
                    .flatMap(policy -> statementsWith(policy, "dynamodb:GetItem").stream())
                    .map(statement -> String.valueOf(statement.get("Resource"))).toList();
            assertThat(readable).as("%s may GetItem from the users table", function)
                    .anyMatch(resource -> resource.contains("UsersTable"));
        }
    }

    /** The logical id in a route target such as {@code integrations/${Ref}}. */
    private static String referencedId(Object target) {
        Matcher ref = Pattern.compile("\\{Ref=([A-Za-z0-9]+)}").matcher(String.valueOf(target));
        assertThat(ref.find()).as("a route target naming its integration: %s", target).isTrue();
        return ref.group(1);
    }

    @Test
    void ses_sending_is_scoped_to_the_sender_identity() {
        api.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "ses:SendEmail",
                        "Resource", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                                Match.arrayWith(List.of(":identity/skyport.example")))))))))))));
    }

    @Test
    void cdk_nag_aws_solutions_reports_no_unsuppressed_error_or_warning() {
        for (Stack stack : List.of(stacks.data(), stacks.provisioning(), stacks.api())) {
            assertThat(describe(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))))
                    .as("cdk-nag errors in %s", stack.getStackName()).isEmpty();
            assertThat(describe(Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))))
                    .as("cdk-nag warnings in %s", stack.getStackName()).isEmpty();
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> describe(List<SynthesisMessage> messages) {
        return messages.stream().map(m -> m.getId() + " " + m.getEntry().getData()).toList();
    }

    // Live status: the connections table, the WebSocket API, the realtime functions and the stream publisher.

    @Test
    void the_connections_table_lists_each_persons_connections_and_expires_them() {
        Map<String, Map<String, Object>> tables = data.findResources("AWS::DynamoDB::GlobalTable");
        String connections = tables.keySet().stream().filter(id -> id.startsWith("ConnectionsTable")).findFirst()
                .orElseThrow();
        data.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "byUser", "KeySchema", List.of(
                        Map.of("AttributeName", "user", "KeyType", "HASH"),
                        Map.of("AttributeName", "connectedKey", "KeyType", "RANGE"))))),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true)));
        assertThat(String.valueOf(tables.get(connections).get("Properties"))).contains("byUser")
                .contains("AttributeName=expiresAt, Enabled=true");
        data.hasOutput("ConnectionsTableName", Map.of("Value", Map.of("Ref", connections)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void live_status_is_a_websocket_api_whose_three_routes_reach_the_websocket_function() {
        String webSocketApi = webSocketApiId();
        api.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "WEBSOCKET"));
        Map<String, Map<String, Object>> integrations = api.findResources("AWS::ApiGatewayV2::Integration");
        Map<String, String> routes = new TreeMap<>();
        api.findResources("AWS::ApiGatewayV2::Route").forEach((id, route) -> {
            Map<String, Object> properties = (Map<String, Object>) route.get("Properties");
            if (Map.of("Ref", webSocketApi).equals(properties.get("ApiId"))) {
                Map<String, Object> integration = (Map<String, Object>) integrations
                        .get(referencedId(properties.get("Target"))).get("Properties");
                routes.put((String) properties.get("RouteKey"), String.valueOf(integration.get("IntegrationUri")));
            }
        });
        assertThat(routes).containsOnlyKeys("$connect", "$disconnect", "$default");
        assertThat(routes.values()).allSatisfy(uri -> assertThat(uri)
                .contains("{Ref=" + logicalId(stacks.api().realtime().webSocket().live()) + "}"));
        // $default answers pings: its route sends the function's response back.
        api.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("ApiId", Map.of("Ref", webSocketApi),
                "RouteKey", "$default", "RouteResponseSelectionExpression", "$default"));
        api.hasResourceProperties("AWS::ApiGatewayV2::RouteResponse", Map.of("ApiId", Map.of("Ref", webSocketApi),
                "RouteResponseKey", "$default"));
        api.hasOutput("WebSocketUrl", Map.of("Value", Map.of("Fn::Join", List.of("", List.of("wss://",
                Map.of("Ref", webSocketApi), ".execute-api.", Map.of("Ref", "AWS::Region"), ".",
                Map.of("Ref", "AWS::URLSuffix"), "/" + WebSocketEndpoint.STAGE)))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_websocket_stage_deploys_itself_is_throttled_and_logs_connections_but_not_tickets() {
        api.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "ApiId", Map.of("Ref", webSocketApiId()),
                "StageName", WebSocketEndpoint.STAGE,
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingBurstLimit", 200, "ThrottlingRateLimit", 100),
                "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue()))));
        Map<String, Object> stage = api.findResources("AWS::ApiGatewayV2::Stage", Map.of("Properties",
                Map.of("StageName", WebSocketEndpoint.STAGE))).values().iterator().next();
        String format = String.valueOf(((Map<String, Object>) ((Map<String, Object>) stage.get("Properties"))
                .get("AccessLogSettings")).get("Format"));
        assertThat(format).contains("$context.connectionId").contains("$context.routeKey")
                .contains("$context.requestId").doesNotContainIgnoringCase("querystring");
        // A WebSocket stage logs through the account's API Gateway role; it must exist before the stage.
        String account = api.findResources("AWS::ApiGateway::Account").keySet().iterator().next();
        assertThat(String.valueOf(stage.get("DependsOn"))).contains(account);
        api.hasResource("AWS::ApiGateway::Account", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void the_realtime_functions_get_the_stages_callback_url_and_every_table_they_use() {
        Map<String, Object> callbackUrl = Map.of("Fn::Join", List.of("", List.of("https://",
                Map.of("Ref", webSocketApiId()), ".execute-api.", Map.of("Ref", "AWS::Region"), ".",
                Map.of("Ref", "AWS::URLSuffix"), "/" + WebSocketEndpoint.STAGE)));
        for (String handler : List.of("dev.skyport.realtime.WebSocketHandler", "dev.skyport.realtime.LiveEventsHandler",
                "dev.skyport.realtime.RunLogsHandler")) {
            Map<String, Object> environment = environmentOf(handler);
            assertThat(environment.get("SKYPORT_REALTIME_CALLBACK_URL")).as(handler).isEqualTo(callbackUrl);
            assertThat(environment).as(handler).containsKeys("SKYPORT_TABLES_USERS", "SKYPORT_TABLES_CONNECTIONS",
                    "SKYPORT_TABLES_NOTIFICATIONS", "SKYPORT_TABLES_CLUSTERS")
                    .doesNotContainKeys("SKYPORT_SECURITY_VERIFICATION_KEYS_SECRET_ID",
                            "SKYPORT_SECURITY_SIGNING_KEYS_SECRET_ID");
            assertThat(String.valueOf(environment.get("SKYPORT_TABLES_CONNECTIONS"))).contains("ConnectionsTable");
        }
        assertThat(environmentOf("dev.skyport.streampublisher.StreamPublisherHandler"))
                .containsOnlyKeys("SKYPORT_EVENTS_TOPIC_ARN", "SKYPORT_TABLES_CLUSTERS", "JAVA_TOOL_OPTIONS",
                        "SKYPORT_PRIME_CLIENTS");
    }

    @Test
    void every_live_status_function_is_deployed_like_the_others() {
        for (String handler : List.of("dev.skyport.realtime.WebSocketHandler", "dev.skyport.realtime.LiveEventsHandler",
                "dev.skyport.realtime.RunLogsHandler", "dev.skyport.streampublisher.StreamPublisherHandler")) {
            api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler + "::handleRequest",
                    "Runtime", "java21",
                    "MemorySize", 1024,
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "TracingConfig", Map.of("Mode", "Active"),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))),
                    "LoggingConfig", Match.objectLike(Map.of("LogGroup", Match.anyValue()))));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void cluster_status_changes_reach_the_stream_publisher_through_a_filtered_bounded_event_source_mapping()
            throws IOException {
        String deadLetters = queueId("StreamPublisherDeadLetters");
        api.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        api.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "StartingPosition", "TRIM_HORIZON",
                "BatchSize", 100,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", 5,
                "MaximumRecordAgeInSeconds", 3600,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(deadLetters, "Arn"))))));
        Map<String, Object> mapping = (Map<String, Object>) api.findResources("AWS::Lambda::EventSourceMapping")
                .values().iterator().next().get("Properties");
        assertThat(String.valueOf(mapping.get("EventSourceArn"))).contains("ClustersTable").contains("StreamArn");
        assertThat(String.valueOf(mapping.get("FunctionName")))
                .contains(logicalId(stacks.api().streamPublisher().function().live()));
        List<Map<String, Object>> filters = (List<Map<String, Object>>) ((Map<String, Object>)
                mapping.get("FilterCriteria")).get("Filters");
        assertThat(filters).hasSize(1);
        JsonNode pattern = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree((String) filters.getFirst().get("Pattern"));
        assertThat(pattern).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"eventName\":[\"INSERT\",\"MODIFY\"],\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"CLUSTER#\"}]}}}}"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_live_events_function_hears_exactly_the_notification_rules_event_types_and_keeps_what_it_cannot_handle() {
        String alias = logicalId(stacks.api().realtime().liveEvents().live());
        String deadLetters = queueId("RealtimeLiveEventsDeadLetters");
        Map<String, Object> subscription = api.findResources("AWS::SNS::Subscription", Map.of("Properties",
                Map.of("Endpoint", Map.of("Ref", alias)))).values().iterator().next();
        Map<String, Object> properties = (Map<String, Object>) subscription.get("Properties");
        assertThat(properties.get("Protocol")).isEqualTo("lambda");
        assertThat(String.valueOf(properties.get("TopicArn"))).contains("PlatformEvents");
        assertThat(properties.get("RedrivePolicy"))
                .isEqualTo(Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(deadLetters, "Arn"))));
        Map<String, Object> filterPolicy = (Map<String, Object>) properties.get("FilterPolicy");
        assertThat(filterPolicy).containsOnlyKeys("type");
        assertThat((List<String>) filterPolicy.get("type"))
                .containsExactlyInAnyOrderElementsOf(NotificationRules.EVENT_TYPES);
        api.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "Qualifier", Match.objectLike(Map.of("Fn::Select", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Fn::Split", List.of(":", Map.of("Ref", alias)))))))),
                "MaximumRetryAttempts", 2,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(deadLetters, "Arn"))))));
    }

    @Test
    void the_tasks_log_lines_reach_the_run_logs_function_through_a_subscription_filter() {
        String alias = logicalId(stacks.api().realtime().runLogs().live());
        api.resourceCountIs("AWS::Logs::SubscriptionFilter", 1);
        api.hasResourceProperties("AWS::Logs::SubscriptionFilter", Map.of(
                "DestinationArn", Map.of("Ref", alias),
                "FilterPattern", "",
                "LogGroupName", Match.objectLike(Map.of("Fn::ImportValue", Match.stringLikeRegexp(
                        "SkyportProvisioning:.*TaskLogs.*")))));
        api.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "FunctionName", Map.of("Ref", alias),
                "Principal", "logs.amazonaws.com",
                "SourceArn", Match.objectLike(Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*TaskLogs.*"))),
                "Action", "lambda:InvokeFunction"));
        api.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "Qualifier", Match.objectLike(Map.of("Fn::Select", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Fn::Split", List.of(":", Map.of("Ref", alias)))))))),
                "MaximumRetryAttempts", 2,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(queueId("RealtimeRunLogsDeadLetters"), "Arn"))))));
    }

    @Test
    void the_stream_publisher_publishes_and_reads_its_stream_but_touches_no_table() {
        Map<String, Object> policy = policyOf("StreamPublisherFunctionRole");
        assertThat(statementsWith(policy, "dynamodb:")).isNotEmpty().allSatisfy(statement -> {
            assertThat(actions(statement)).isSubsetOf("dynamodb:ListStreams", "dynamodb:DescribeStream",
                    "dynamodb:GetRecords", "dynamodb:GetShardIterator");
            assertThat(String.valueOf(statement.get("Resource"))).contains("StreamArn");
        });
        assertThat(policy.toString()).doesNotContain("dynamodb:PutItem").doesNotContain("dynamodb:GetItem")
                .doesNotContain("dynamodb:UpdateItem").doesNotContain("dynamodb:DeleteItem")
                .doesNotContain("dynamodb:Query").doesNotContain("dynamodb:Scan")
                .doesNotContain("execute-api:").doesNotContain("secretsmanager:");
        assertThat(statementsWith(policy, "sns:")).singleElement().satisfies(statement -> {
            assertThat(actions(statement)).containsExactly("sns:Publish");
            assertThat(String.valueOf(statement.get("Resource"))).contains("PlatformEvents");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_websocket_function_may_only_redeem_tickets_and_keep_connections() {
        Map<String, Object> policy = policyOf("RealtimeWebSocketRole");
        assertThat(policy.toString()).doesNotContain("sns:Publish").doesNotContain("execute-api:")
                .doesNotContain("NotificationsTable").doesNotContain("ClustersTable")
                .doesNotContain("secretsmanager:");
        List<Map<String, Object>> dynamo = statementsWith(policy, "dynamodb:");
        assertThat(dynamo).filteredOn(statement -> String.valueOf(statement.get("Resource")).contains("UsersTable"))
                .singleElement().satisfies(statement -> {
                    assertThat(actions(statement)).containsExactly("dynamodb:DeleteItem");
                    assertThat(statement.get("Condition")).isEqualTo(Map.of("ForAllValues:StringLike",
                            Map.of("dynamodb:LeadingKeys", List.of("WSTICKET#*"))));
                });
        assertThat(dynamo).filteredOn(statement -> String.valueOf(statement.get("Resource"))
                .contains("ConnectionsTable")).isNotEmpty().allSatisfy(statement -> {
                    Map<String, Object> leadingKeys = (Map<String, Object>) ((Map<String, Object>)
                            statement.get("Condition")).values().iterator().next();
                    if (actions(statement).contains("dynamodb:GetItem")) {
                        assertThat(actions(statement)).containsExactly("dynamodb:GetItem");
                        assertThat(leadingKeys).isEqualTo(Map.of("dynamodb:LeadingKeys", List.of("PRIME")));
                    } else {
                        assertThat(actions(statement)).containsExactlyInAnyOrder("dynamodb:PutItem",
                                "dynamodb:DeleteItem");
                        assertThat(leadingKeys).isEqualTo(Map.of("dynamodb:LeadingKeys", List.of("CONNECTION#*")));
                    }
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_event_functions_push_only_on_the_stage_and_change_only_their_own_items() {
        for (String role : List.of("RealtimeLiveEventsRole", "RealtimeRunLogsRole")) {
            Map<String, Object> policy = policyOf(role);
            assertThat(statementsWith(policy, "execute-api:")).as(role).singleElement().satisfies(statement -> {
                assertThat(actions(statement)).containsExactly("execute-api:ManageConnections");
                String resources = String.valueOf(statement.get("Resource"));
                assertThat(resources).contains("{Ref=" + webSocketApiId() + "}")
                        .contains("/" + WebSocketEndpoint.STAGE + "/POST/@connections/*]]}")
                        .doesNotContain("/GET/");
                // Only the function that ends a person's sessions closes their connections.
                if (role.equals("RealtimeLiveEventsRole")) {
                    assertThat(resources).contains("/" + WebSocketEndpoint.STAGE + "/DELETE/@connections/*]]}");
                } else {
                    assertThat(resources).doesNotContain("/DELETE/");
                }
            });
            assertThat(policy.toString()).as(role).doesNotContain("sns:Publish").doesNotContain("UsersTable")
                    .doesNotContain("dynamodb:Scan").doesNotContain("dynamodb:BatchWriteItem")
                    .doesNotContain("secretsmanager:");
            assertThat(statementsWith(policy, "dynamodb:")).as(role)
                    .filteredOn(statement -> String.valueOf(statement.get("Resource")).contains("ConnectionsTable"))
                    .extracting(statement -> actions(statement))
                    .containsExactlyInAnyOrder(List.of("dynamodb:Query"), List.of("dynamodb:DeleteItem"),
                            List.of("dynamodb:GetItem"));
        }
        Map<String, Object> liveEvents = policyOf("RealtimeLiveEventsRole");
        assertThat(liveEvents.toString()).doesNotContain("ClustersTable");
        assertThat(statementsWith(liveEvents, "dynamodb:")).filteredOn(statement ->
                String.valueOf(statement.get("Resource")).contains("NotificationsTable")).singleElement()
                .satisfies(statement -> assertThat(statement.get("Condition")).isEqualTo(Map.of(
                        "ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("USER#*")))));
        Map<String, Object> runLogs = policyOf("RealtimeRunLogsRole");
        assertThat(runLogs.toString()).doesNotContain("NotificationsTable");
        List<Map<String, Object>> onClusters = statementsWith(runLogs, "dynamodb:").stream()
                .filter(statement -> String.valueOf(statement.get("Resource")).contains("ClustersTable")).toList();
        assertThat(onClusters).hasSize(2).anySatisfy(statement -> {
            assertThat(actions(statement)).containsExactly("dynamodb:Query");
            assertThat(String.valueOf(statement.get("Resource"))).endsWith("/index/byLogStream]]}");
        }).anySatisfy(statement -> {
            assertThat(actions(statement)).containsExactly("dynamodb:UpdateItem");
            Map<String, Object> conditions = (Map<String, Object>) statement.get("Condition");
            assertThat(conditions.get("ForAllValues:StringLike"))
                    .isEqualTo(Map.of("dynamodb:LeadingKeys", List.of("RUN#*")));
            assertThat(conditions.get("ForAllValues:StringEquals")).isEqualTo(Map.of("dynamodb:Attributes",
                    List.of("pk", "sk", "lastEventId", "sentLines")));
        });
    }

    @Test
    void every_live_status_dead_letter_queue_is_encrypted_ssl_only_and_alarmed_on_its_first_message() {
        for (String prefix : List.of("StreamPublisherDeadLetters", "RealtimeLiveEventsDeadLetters",
                "RealtimeRunLogsDeadLetters")) {
            String queue = queueId(prefix);
            assertThat(api.findResources("AWS::SQS::Queue").get(queue).toString()).as(prefix)
                    .contains("SqsManagedSseEnabled=true");
            api.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("Queues", List.of(Map.of("Ref", queue)),
                    "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
            api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS",
                    "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                            Map.of("Fn::GetAtt", List.of(queue, "QueueName")))),
                    "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                    "AlarmDescription", Match.anyValue()));
        }
    }

    private static String webSocketApiId() {
        return stacks.api().getLogicalId((CfnElement) stacks.api().webSocket().api().getNode().getDefaultChild());
    }

    private static String queueId(String prefix) {
        Set<String> queues = api.findResources("AWS::SQS::Queue").keySet();
        return queues.stream().filter(id -> id.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no queue " + prefix + "* in " + queues));
    }

    @Test
    void synthesis_fails_when_a_function_jar_is_missing() {
        SkyportSettings noJars = new SkyportSettings(true, "a@b.c", "b.c", "", "", Optional.empty(),
                Path.of("target/no-such-functions"), "admin", Path.of("terraform-image"));
        assertThatThrownBy(() -> SkyportApp.build(new App(), noJars))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-lambda.jar").hasMessageContaining("build the functions first");
    }
}
