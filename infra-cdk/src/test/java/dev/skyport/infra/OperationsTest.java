package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.infra.data.DataStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Operating the deployed stacks: the operations topic every alarm reaches, the alarms on each function, API,
 * workflow and table, the dashboard, the anonymous routes' throttles and the functions' reserved concurrency.
 */
class OperationsTest extends SynthesizedStacks {

    private static String operationsTopic() {
        return data.findResources("AWS::SNS::Topic").keySet().stream().filter(id -> id.startsWith("OperationsTopic"))
                .findFirst().orElseThrow();
    }

    @Test
    void the_operations_topic_is_encrypted_with_a_rotated_key_cloudwatch_may_use_and_takes_tls_only() {
        String topic = operationsTopic();
        Map<String, Object> properties = properties(data.findResources("AWS::SNS::Topic").get(topic));
        assertThat(String.valueOf(properties.get("KmsMasterKeyId"))).contains("OperationsKey");
        data.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))));
        data.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("Topics", List.of(Map.of("Ref", topic)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Effect", "Deny",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                        Match.objectLike(Map.of("Effect", "Allow", "Action", "sns:Publish",
                                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                                "Condition", Match.objectLike(Map.of("ArnLike", Match.anyValue())))))))));
        data.resourceCountIs("AWS::SNS::Subscription", 0);
        data.hasOutput("OperationsTopicArn", Match.anyValue());
    }

    @Test
    void the_alarm_email_context_value_subscribes_that_address() {
        SkyportSettings settings = new SkyportSettings(false, "a@b.c", "b.c", "", "", Optional.empty(),
                Path.of("../functions"), "admin", Path.of("terraform-image"), Optional.of("ops@skyport.example"),
                ReservedConcurrency.DEFAULTS, SkyportSettings.DEFAULT_AUDIT_ARCHIVE_DAYS);
        Template template = Template.fromStack(new DataStack(new App(), "SkyportData", StackProps.builder().build(),
                settings));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "ops@skyport.example"));
    }

    @Test
    void every_alarm_of_every_stack_tells_the_operations_topic_when_it_fires_and_when_it_is_ok_again() {
        int alarms = 0;
        for (Template template : List.of(data, provisioning, api)) {
            for (Map.Entry<String, Map<String, Object>> alarm : template.findResources("AWS::CloudWatch::Alarm")
                    .entrySet()) {
                alarms++;
                Map<String, Object> properties = properties(alarm.getValue());
                for (String actions : List.of("AlarmActions", "OKActions")) {
                    assertThat(String.valueOf(properties.get(actions))).as("%s of %s", actions, alarm.getKey())
                            .contains("OperationsTopic");
                }
                assertThat(String.valueOf(properties.get("AlarmDescription"))).as(alarm.getKey()).hasSizeGreaterThan(40);
            }
        }
        assertThat(alarms).as("alarms in the app").isGreaterThanOrEqualTo(4);
    }

    /** Every Skyport function of the three stacks (not CDK's own bucket deployment function), by logical id. */
    static Map<String, Map<String, Object>> skyportFunctions(Template template) {
        Map<String, Map<String, Object>> functions = new java.util.TreeMap<>();
        template.findResources("AWS::Lambda::Function").forEach((id, resource) -> {
            if (String.valueOf(properties(resource).get("Handler")).startsWith("dev.skyport.")) {
                functions.put(id, resource);
            }
        });
        return functions;
    }

    @Test
    void every_function_has_an_errors_and_a_throttles_alarm() {
        int functions = 0;
        for (Template template : List.of(provisioning, api)) {
            Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm");
            for (String function : skyportFunctions(template).keySet()) {
                functions++;
                for (String metric : List.of("Errors", "Throttles")) {
                    assertThat(alarms.values()).as("%s alarm of %s", metric, function).anySatisfy(alarm -> {
                        Map<String, Object> properties = properties(alarm);
                        assertThat(properties.get("Namespace")).isEqualTo("AWS/Lambda");
                        assertThat(properties.get("MetricName")).isEqualTo(metric);
                        assertThat(properties.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "FunctionName",
                                "Value", Map.of("Ref", function))));
                        assertThat(properties.get("TreatMissingData")).isEqualTo("notBreaching");
                        assertThat(String.valueOf(properties.get("AlarmActions"))).contains("OperationsTopic");
                    });
                }
            }
        }
        // with the expiry keeper, the mail worker, the event mail, the audit archive and the channels' two
        assertThat(functions).as("Skyport functions").isEqualTo(22);
    }

    @Test
    void no_skyport_function_role_has_the_managed_basic_execution_policy_and_each_writes_its_own_log_group() {
        for (Template template : List.of(provisioning, api)) {
            Map<String, Map<String, Object>> roles = template.findResources("AWS::IAM::Role");
            Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
            skyportFunctions(template).forEach((id, function) -> {
                Map<String, Object> properties = properties(function);
                String role = String.valueOf(((List<?>) ((Map<?, ?>) properties.get("Role")).get("Fn::GetAtt"))
                        .get(0));
                assertThat(String.valueOf(properties(roles.get(role)).get("ManagedPolicyArns")))
                        .as("managed policies of %s", role).doesNotContain("AWSLambdaBasicExecutionRole");
                String logGroup = String.valueOf(((Map<?, ?>) properties.get("LoggingConfig")).get("LogGroup"));
                List<Map<String, Object>> writes = policies.values().stream()
                        .filter(policy -> String.valueOf(properties(policy).get("Roles")).contains("{Ref=" + role + "}"))
                        .flatMap(policy -> statementsWith(policy, "logs:PutLogEvents").stream()).toList();
                assertThat(writes).as("log writes of %s", role).singleElement().satisfies(statement -> {
                    assertThat(actions(statement)).containsExactlyInAnyOrder("logs:CreateLogStream",
                            "logs:PutLogEvents");
                    assertThat(String.valueOf(statement.get("Resource"))).isEqualTo(
                            "{Fn::GetAtt=[" + logGroup.replaceAll("\\{Ref=(.*)}", "$1") + ", Arn]}");
                });
            });
        }
    }

    /**
     * The routes each module's controllers open to everyone, read from the OpenAPI documents their builds generated
     * (an operation without {@code security}, nor one of the document's).
     */
    @SuppressWarnings("unchecked")
    private static java.util.Set<String> anonymousRoutes() {
        java.util.Set<String> anonymous = new java.util.TreeSet<>();
        for (String module : List.of("auth", "accounts", "cloud-accounts", "clusters", "notifications")) {
            Path document = Path.of("../functions", module, "target/classes/META-INF/swagger/skyport-" + module
                    + ".yml");
            Map<String, Object> root = new org.yaml.snakeyaml.Yaml().load(readText(document));
            ((Map<String, Map<String, Object>>) root.get("paths")).forEach((path, item) -> item.forEach((method, op) -> {
                if (List.of("get", "post", "put", "patch", "delete").contains(method)
                        && ((Map<String, Object>) op).get("security") == null && root.get("security") == null) {
                    anonymous.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
                }
            }));
        }
        return anonymous;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> httpStage() {
        return properties(api.findResources("AWS::ApiGatewayV2::Stage", Map.of("Properties",
                Map.of("StageName", "$default"))).values().iterator().next());
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_anonymous_route_has_its_own_throttle_below_the_stages_default() {
        java.util.Set<String> anonymous = anonymousRoutes();
        assertThat(anonymous).contains("POST /auth/signup", "POST /auth/login", "POST /auth/password/forgot",
                "POST /auth/verify/resend", "POST /auth/google", "GET /auth/verify", "POST /auth/verify",
                "POST /auth/refresh");
        Map<String, Object> stage = httpStage();
        Map<String, Object> defaults = (Map<String, Object>) stage.get("DefaultRouteSettings");
        assertThat(defaults).containsEntry("ThrottlingRateLimit", 50).containsEntry("ThrottlingBurstLimit", 100);
        Map<String, Map<String, Object>> settings = (Map<String, Map<String, Object>>) stage.get("RouteSettings");
        assertThat(settings.keySet()).as("the routes with their own limits").isEqualTo(anonymous);
        settings.forEach((route, limit) -> {
            assertThat((Integer) limit.get("ThrottlingRateLimit")).as(route).isPositive().isLessThan(50);
            assertThat((Integer) limit.get("ThrottlingBurstLimit")).as(route)
                    .isGreaterThanOrEqualTo((Integer) limit.get("ThrottlingRateLimit")).isLessThan(100);
        });
        for (String mailing : List.of("POST /auth/signup", "POST /auth/password/forgot", "POST /auth/verify/resend")) {
            assertThat(settings.get(mailing)).as(mailing).containsEntry("ThrottlingRateLimit", 2);
        }
        // Route settings must name routes that exist: the stage waits for each of them.
        Map<String, Map<String, Object>> routes = api.findResources("AWS::ApiGatewayV2::Route");
        Map<String, Object> stageResource = api.findResources("AWS::ApiGatewayV2::Stage", Map.of("Properties",
                Map.of("StageName", "$default"))).values().iterator().next();
        List<String> dependsOn = (List<String>) stageResource.get("DependsOn");
        for (String route : anonymous) {
            String routeId = routes.entrySet().stream()
                    .filter(r -> route.equals(properties(r.getValue()).get("RouteKey"))).map(Map.Entry::getKey)
                    .findFirst().orElseThrow();
            assertThat(dependsOn).as("the stage waits for %s", route).contains(routeId);
        }
    }

    @Test
    void an_anonymous_route_without_a_limit_fails_synthesis() {
        assertThat(dev.skyport.infra.api.AnonymousRouteThrottles.LIMITS.keySet()).containsAll(anonymousRoutes());
        assertThat(stacks.api().routeThrottles().applied().keySet()).isEqualTo(anonymousRoutes());
    }

    @Test
    void the_auth_function_and_the_run_functions_have_reserved_concurrency_from_the_context_value() {
        api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.skyport.auth.AuthHandler::handleRequest", "ReservedConcurrentExecutions", 20));
        for (String handler : List.of("dev.skyport.clusters.RunBrokerHandler", "dev.skyport.cloudaccounts.RunPreflightHandler")) {
            provisioning.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler + "::handleRequest", "ReservedConcurrentExecutions", 10));
        }
        // Nothing else is reserved: each reservation comes out of the account's unreserved pool.
        for (Template template : List.of(provisioning, api)) {
            skyportFunctions(template).forEach((id, function) -> {
                String handler = String.valueOf(properties(function).get("Handler"));
                if (!handler.matches(".*(AuthHandler|RunBrokerHandler|RunPreflightHandler)::handleRequest")) {
                    assertThat(properties(function)).as(handler).doesNotContainKey("ReservedConcurrentExecutions");
                }
            });
        }
        assertThat(ReservedConcurrency.DEFAULTS.total()).as("reserved of the default quota of 1000, which must"
                + " keep 100 unreserved").isLessThanOrEqualTo(900);
    }

    @Test
    void the_reserved_concurrency_context_value_changes_what_it_names_and_off_reserves_nothing() {
        assertThat(ReservedConcurrency.parse(null)).isEqualTo(ReservedConcurrency.DEFAULTS);
        assertThat(ReservedConcurrency.parse("auth=50")).isEqualTo(new ReservedConcurrency(50, 10, 10));
        assertThat(ReservedConcurrency.parse(" auth=5, runBroker=2 ,preflight=0"))
                .isEqualTo(new ReservedConcurrency(5, 2, 0));
        assertThat(ReservedConcurrency.parse("off")).isEqualTo(new ReservedConcurrency(0, 0, 0));
        assertThat(ReservedConcurrency.of(0)).isEmpty();
        for (String wrong : List.of("auth", "auth=ten", "clusters=5", "auth=-1")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReservedConcurrency.parse(wrong)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(ReservedConcurrency.CONTEXT_KEY);
        }
    }

    @Test
    void the_http_api_alarms_on_its_5xx_rate_its_p99_latency_and_the_auth_routes_4xx_from_its_access_log() {
        api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 5,
                "ComparisonOperator", "GreaterThanThreshold", "EvaluationPeriods", 2, "DatapointsToAlarm", 2,
                "TreatMissingData", "notBreaching",
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Expression", "IF(requests >= 20, 100 * errors / requests, 0)"))))));
        api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Latency",
                "Namespace", "AWS/ApiGateway", "ExtendedStatistic", "p99", "Threshold", 3000,
                "EvaluationPeriods", 3, "TreatMissingData", "notBreaching"));
        String format = String.valueOf(((Map<?, ?>) httpStage().get("AccessLogSettings")).get("Format"));
        assertThat(format).contains("\"routeKey\":\"$context.routeKey\"").contains("\"path\":\"$context.path\"")
                .contains("\"status\":\"$context.status\"").doesNotContainIgnoringCase("querystring");
        api.hasResourceProperties("AWS::Logs::MetricFilter", Map.of(
                "FilterPattern", "{ ($.path = \"/auth/*\") && ($.status = \"4*\") }",
                "MetricTransformations", List.of(Map.of("MetricNamespace", "Skyport",
                        "MetricName", "AuthClientErrors", "MetricValue", "1", "DefaultValue", 0))));
        api.hasResourceProperties("AWS::Logs::MetricFilter", Map.of(
                "MetricTransformations", List.of(Match.objectLike(Map.of("MetricName", "AuthClientErrorsByRoute",
                        "Dimensions", List.of(Map.of("Key", "Route", "Value", "$.routeKey")))))));
        api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "AuthClientErrors",
                "Namespace", "Skyport", "Statistic", "Sum", "Threshold", 50, "EvaluationPeriods", 2,
                "TreatMissingData", "notBreaching"));
    }

    @Test
    void the_websocket_api_the_workflow_and_every_table_have_their_alarms() {
        for (String metric : List.of("ExecutionError", "IntegrationError")) {
            api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", metric,
                    "Namespace", "AWS/ApiGateway", "Dimensions", Match.arrayWith(List.of(Map.of("Name", "ApiId",
                            "Value", Map.of("Ref", webSocketApiId())))), "TreatMissingData", "notBreaching"));
        }
        provisioning.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ExecutionsFailed",
                "Namespace", "AWS/States", "Period", 900, "Threshold", 3));
        provisioning.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ExecutionsTimedOut",
                "Namespace", "AWS/States", "Threshold", 1));
        Map<String, Map<String, Object>> alarms = data.findResources("AWS::CloudWatch::Alarm");
        for (String table : data.findResources("AWS::DynamoDB::GlobalTable").keySet()) {
            for (String metric : List.of("ReadThrottleEvents", "WriteThrottleEvents", "SystemErrors")) {
                assertThat(alarms.values()).as("%s alarm of %s", metric, table).anySatisfy(alarm ->
                        assertThat(String.valueOf(properties(alarm).get("Metrics"))).contains("MetricName=" + metric)
                                .contains("{Ref=" + table + "}"));
            }
        }
        assertThat(alarms).hasSize(2 * data.findResources("AWS::DynamoDB::GlobalTable").size()).hasSize(12);
    }

    @Test
    void every_dead_letter_queue_alarm_reaches_the_topic_the_backstops_included() {
        Map<String, Map<String, Object>> alarms = api.findResources("AWS::CloudWatch::Alarm");
        for (String queue : List.of("ClustersBackstopDeadLetters", "CloudAccountsUserDeletedDeadLetters",
                "RealtimeLiveEventsDeadLetters", "RealtimeRunLogsDeadLetters", "StreamPublisherDeadLetters",
                "ClustersExpiryWakeUpDeadLetters", "ClustersExpiryStreamDeadLetters")) {
            String id = queueId(queue);
            assertThat(alarms.values()).as("the alarm on %s", id).anySatisfy(alarm -> {
                assertThat(String.valueOf(properties(alarm).get("Dimensions"))).contains(id);
                assertThat(String.valueOf(properties(alarm).get("AlarmActions"))).contains("OperationsTopic");
            });
        }
    }

    @Test
    void a_dashboard_shows_what_the_alarms_watch() {
        Map<String, Map<String, Object>> dashboards = api.findResources("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        String body = String.valueOf(properties(dashboards.values().iterator().next()).get("DashboardBody"));
        assertThat(body).contains("AWS/Lambda", "\"Errors\"", "\"Throttles\"", "AWS/ApiGateway", "5xx",
                "Latency", "ExecutionError", "IntegrationError", "AWS/States", "ExecutionsFailed",
                "ExecutionsTimedOut", "ReadThrottleEvents", "SystemErrors", "ApproximateNumberOfMessagesVisible",
                "AuthClientErrors");
        api.hasOutput("OperationsDashboard", Match.anyValue());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}
