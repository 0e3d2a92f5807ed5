package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.TreeMap;
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

    private static final SkyportSettings SETTINGS = new SkyportSettings(true, "noreply@skyport.example",
            "skyport.example", "boss@skyport.example", "client-id.apps.googleusercontent.com", Optional.empty(),
            Path.of("../functions"), "admin", Path.of("terraform-image"));

    private static SkyportApp.Stacks stacks;
    private static Template data;
    private static Template api;
    private static Template provisioning;
    private static CloudAssembly assembly;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        stacks = SkyportApp.build(app, SETTINGS);
        assembly = app.synth();
        assertThat(assembly.getStacks()).hasSize(3);
        data = Template.fromStack(stacks.data());
        api = Template.fromStack(stacks.api());
        provisioning = Template.fromStack(stacks.provisioning());
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
        assertThat(definition.path("States").path("MarkFailed").path("Resource").asText())
                .endsWith(":states:::aws-sdk:dynamodb:transactWriteItems");
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
                        "LogConfiguration", Match.objectLike(Map.of("LogDriver", "awslogs")))))));
        provisioning.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "SecurityGroupEgress", List.of(Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "tcp",
                        "FromPort", 443, "ToPort", 443, "Description", "HTTPS to the cloud providers' APIs"))));
        provisioning.resourceCountIs("AWS::EC2::NatGateway", 0);
        provisioning.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        JsonNode images = readJson(Path.of(assembly.getDirectory(), stacks.provisioning().getStackName()
                + ".assets.json")).path("dockerImages");
        assertThat(images.size()).as("one image asset: the Terraform image").isEqualTo(1);
        String hash = images.fieldNames().next();
        Path staged = Path.of(assembly.getDirectory(), images.path(hash).path("source").path("directory").asText());
        assertThat(staged.resolve("Dockerfile")).hasSameTextualContentAs(Path.of("terraform-image/Dockerfile"));
        assertThat(provisioning.findResources("AWS::ECS::TaskDefinition").toString()).as("the task runs that image")
                .contains(hash);
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
                "GlobalSecondaryIndexes", Match.arrayWith(List.of(Match.objectLike(Map.of("IndexName", "byOwner")))),
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
        for (String eventFunction : List.of("AccountsPendingEventsRole", "CloudAccountsUserDeletedRole")) {
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
        api.resourceCountIs("AWS::Lambda::Alias", 8);
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "dev.skyport.accounts.AccountsHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    }

    @Test
    void the_platform_events_topic_is_encrypted_and_only_the_accounts_functions_publish() {
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
            } else {
                assertThat(document).doesNotContain("sns:Publish");
            }
        }
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
        data.resourceCountIs("AWS::DynamoDB::GlobalTable", 4);
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
        api.findResources("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<?, ?> properties = (Map<?, ?>) route.get("Properties");
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

    @Test
    void synthesis_fails_when_a_function_jar_is_missing() {
        SkyportSettings noJars = new SkyportSettings(true, "a@b.c", "b.c", "", "", Optional.empty(),
                Path.of("target/no-such-functions"), "admin", Path.of("terraform-image"));
        assertThatThrownBy(() -> SkyportApp.build(new App(), noJars))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("skyport-auth-lambda.jar");
    }
}
