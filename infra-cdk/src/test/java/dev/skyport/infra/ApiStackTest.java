package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.lambda.Alias;

/** The SkyportApi stack's HTTP side: every function's runtime and role, the routes, events between contexts, and cdk-nag over the app. */
class ApiStackTest extends SynthesizedStacks {

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

    /** The key that seals TOTP secrets: the auth function alone reads it; every API function knows who needs MFA. */
    @Test
    void only_the_auth_function_reads_the_second_factor_key() {
        assertThat(environmentOf("dev.skyport.auth.AuthHandler")).containsKey("SKYPORT_MFA_KEY_SECRET_ID")
                .containsEntry("SKYPORT_MFA_REQUIRED", "none");
        for (String handler : List.of("dev.skyport.accounts.AccountsHandler",
                "dev.skyport.cloudaccounts.CloudAccountsHandler")) {
            assertThat(environmentOf(handler)).doesNotContainKey("SKYPORT_MFA_KEY_SECRET_ID")
                    .containsEntry("SKYPORT_MFA_REQUIRED", "none");
        }
        assertThat(secretsReadBy("AuthFunctionRole")).anyMatch(r -> r.contains("SecondFactorKey"));
        for (String role : List.of("AccountsFunctionRole", "CloudAccountsFunctionRole", "AuthMailWorkRole")) {
            assertThat(secretsReadBy(role)).as(role).noneMatch(r -> r.contains("SecondFactorKey"));
        }
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
        // with the expiry schedules' keeper, the mail queue's consumer, the event-mail queue's, the audit archive and
        // the channels' event and delivery functions
        api.resourceCountIs("AWS::Lambda::Alias", 19);
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
                .containsAnyOf("UsersTable", "ClustersTable", "AuditTable"));
        assertThat(dynamo).filteredOn(statement -> String.valueOf(statement.get("Resource")).contains("UsersTable"))
                .first().satisfies(statement -> assertThat(String.valueOf(statement.get("Action")))
                        .contains("dynamodb:PutItem").doesNotContain("dynamodb:*"));
        // Deleting an account waits for its clusters (DependentResources), and its transaction checks their count
        // (UserHasClusters): read them, never change them.
        assertThat(dynamo).filteredOn(statement -> String.valueOf(statement.get("Resource")).contains("ClustersTable"))
                .flatExtracting(statement -> statement.get("Action") instanceof List<?> actions
                        ? List.<Object>copyOf(actions) : List.of(statement.get("Action")))
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem");
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
        data.resourceCountIs("AWS::DynamoDB::GlobalTable", 6);
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_cloud_accounts_function_may_only_read_whether_a_session_or_a_personal_token_is_live_from_the_users_table() {
        Map<String, Object> policy = policyOf("CloudAccountsFunctionRole");
        List<Map<String, Object>> onUsers = statementsWith(policy, "dynamodb:").stream()
                .filter(statement -> String.valueOf(statement.get("Resource")).contains("UsersTable")).toList();
        // Per statement: the action, the key prefix and the only attributes it may touch.
        List<String> grants = onUsers.stream().map(statement -> {
            Map<String, Object> conditions = (Map<String, Object>) statement.get("Condition");
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            assertThat(conditions).containsKeys("ForAllValues:StringLike", "ForAllValues:StringEquals");
            List<String> attributes = (List<String>) ((Map<String, Object>) conditions
                    .get("ForAllValues:StringEquals")).get("dynamodb:Attributes");
            if (actions(statement).contains("dynamodb:GetItem")) {
                assertThat(conditions.get("StringEqualsIfExists"))
                        .isEqualTo(Map.of("dynamodb:Select", "SPECIFIC_ATTRIBUTES"));
            }
            return actions(statement) + " " + ((Map<String, Object>) conditions.get("ForAllValues:StringLike"))
                    .get("dynamodb:LeadingKeys") + " " + attributes.stream().sorted().toList();
        }).toList();
        assertThat(grants).containsExactlyInAnyOrder(
                "[dynamodb:GetItem] [USER#*] [expiresAt, pk, revoked, secondFactorAt, sessionEnds, sk]",
                "[dynamodb:GetItem] [USER#*] [mfa, pk, roles, sk, username, verified]",
                "[dynamodb:GetItem] [PAT#*] [lastUsedAt, name, pk, scopes, sk, tokenId, userId, validUntil]",
                "[dynamodb:UpdateItem] [PAT#*] [lastUsedAt, lastUsedFrom, pk, sk]");
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

    @Test
    void pending_events_are_relayed_on_a_schedule() {
        api.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(5 minutes)",
                "State", "ENABLED"));
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.skyport.accounts.PendingEventsHandler::handleRequest"));
        assertThat(policyOf("AccountsPendingEventsRole").toString()).contains("sns:Publish")
                .doesNotContain("ses:SendEmail");
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
            String alias = functions.values().stream().map(SynthesizedStacks::logicalId)
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

    @Test
    void synthesis_fails_when_a_function_jar_is_missing() {
        SkyportSettings noJars = new SkyportSettings(true, "a@b.c", "b.c", "", "", Optional.empty(),
                Path.of("target/no-such-functions"), "admin", Path.of("terraform-image"));
        assertThatThrownBy(() -> SkyportApp.build(new App(), noJars))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-lambda.jar").hasMessageContaining("build the functions first");
    }
}
