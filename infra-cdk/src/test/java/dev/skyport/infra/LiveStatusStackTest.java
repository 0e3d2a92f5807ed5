package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;
import dev.skyport.infra.realtime.WebSocketEndpoint;
import dev.skyport.notifications.application.NotificationRules;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** Live status: the WebSocket API, the clusters stream, the realtime functions and their dead-letter queues. */
class LiveStatusStackTest extends SynthesizedStacks {

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
        assertThat(environmentOf("dev.skyport.clusters.StreamPublisherHandler"))
                .containsOnlyKeys("SKYPORT_EVENTS_TOPIC_ARN", "SKYPORT_TABLES_CLUSTERS", "SKYPORT_TABLES_AUDIT",
                        "JAVA_TOOL_OPTIONS", "SKYPORT_PRIME_CLIENTS",
                        dev.skyport.infra.api.SkyportFunction.LOG4J_PATCH_OFF);
    }

    @Test
    void every_live_status_function_is_deployed_like_the_others() {
        for (String handler : List.of("dev.skyport.realtime.WebSocketHandler", "dev.skyport.realtime.LiveEventsHandler",
                "dev.skyport.realtime.RunLogsHandler", "dev.skyport.clusters.StreamPublisherHandler")) {
            api.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler + "::handleRequest",
                    "Runtime", "java21",
                    "MemorySize", 1024,
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "TracingConfig", Map.of("Mode", "Active"),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
                            dev.skyport.infra.api.SkyportFunction.LOG4J_PATCH_OFF, "true"))),
                    "LoggingConfig", Match.objectLike(Map.of("LogGroup", Match.anyValue()))));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void cluster_status_changes_reach_the_stream_publisher_through_a_filtered_bounded_event_source_mapping()
            throws IOException {
        String deadLetters = queueId("StreamPublisherDeadLetters");
        // Six readers of event sources: this one, the expiry schedules' (ClusterExpiryStackTest), the mail
        // queue's and the event-mail queue's (MailQueueStackTest), the audit archive's (DataStackTest) and the
        // channels' delivery queue's.
        api.resourceCountIs("AWS::Lambda::EventSourceMapping", 6);
        api.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "StartingPosition", "TRIM_HORIZON",
                "BatchSize", 100,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", 5,
                "MaximumRecordAgeInSeconds", 3600,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(deadLetters, "Arn"))))));
        String publisher = logicalId(stacks.api().streamPublisher().function().live());
        Map<String, Object> mapping = (Map<String, Object>) api.findResources("AWS::Lambda::EventSourceMapping")
                .values().stream().filter(m -> String.valueOf(m.get("Properties")).contains(publisher))
                .findFirst().orElseThrow().get("Properties");
        assertThat(String.valueOf(mapping.get("EventSourceArn"))).contains("ClustersTable").contains("StreamArn");
        assertThat(String.valueOf(mapping.get("FunctionName")))
                .contains(logicalId(stacks.api().streamPublisher().function().live()));
        List<Map<String, Object>> filters = (List<Map<String, Object>>) ((Map<String, Object>)
                mapping.get("FilterCriteria")).get("Filters");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<JsonNode> patterns = new java.util.ArrayList<>();
        for (Map<String, Object> filter : filters) {
            patterns.add(json.readTree((String) filter.get("Pattern")));
        }
        // Status changes, and the expiry notices (cluster.expiring): without the second, no warning reached anyone.
        assertThat(patterns).containsExactlyInAnyOrder(
                json.readTree("{\"eventName\":[\"INSERT\",\"MODIFY\"],\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":"
                        + "[{\"prefix\":\"CLUSTER#\"}]}}}}"),
                json.readTree("{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":"
                        + "[{\"prefix\":\"EXPIRY#\"}]}}}}"));
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
    void the_stream_publisher_reads_its_stream_and_appends_transitions_to_the_audit_log_but_touches_no_other_table() {
        Map<String, Object> policy = policyOf("StreamPublisherFunctionRole");
        List<Map<String, Object>> dynamo = statementsWith(policy, "dynamodb:");
        assertThat(dynamo).filteredOn(statement -> !String.valueOf(statement.get("Resource")).contains("AuditTable"))
                .isNotEmpty().allSatisfy(statement -> {
                    assertThat(actions(statement)).isSubsetOf("dynamodb:ListStreams", "dynamodb:DescribeStream",
                            "dynamodb:GetRecords", "dynamodb:GetShardIterator");
                    assertThat(String.valueOf(statement.get("Resource"))).contains("StreamArn");
                });
        // The audit log: append only (DataStackTest checks every role's statements on it).
        assertThat(dynamo).filteredOn(statement -> String.valueOf(statement.get("Resource")).contains("AuditTable")
                && "Allow".equals(statement.get("Effect"))).singleElement()
                .satisfies(statement -> assertThat(actions(statement)).containsExactly("dynamodb:PutItem"));
        assertThat(dynamo.stream().filter(statement -> "Allow".equals(statement.get("Effect")))
                .flatMap(statement -> actions(statement).stream()).toList())
                .doesNotContain("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
                        "dynamodb:Scan");
        assertThat(policy.toString()).doesNotContain("execute-api:").doesNotContain("secretsmanager:");
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
        List<Map<String, Object>> onUsers = dynamo.stream()
                .filter(statement -> String.valueOf(statement.get("Resource")).contains("UsersTable")).toList();
        // It deletes the ticket it redeems, and reads (with a projection) whether the session or personal access
        // token that asked for it still works: the liveness and token-check reads, nothing more (the simulator's
        // rows say which attributes).
        assertThat(onUsers).filteredOn(statement -> !actions(statement).contains("dynamodb:GetItem")).singleElement()
                .satisfies(statement -> {
                    assertThat(actions(statement)).containsExactly("dynamodb:DeleteItem");
                    assertThat(statement.get("Condition")).isEqualTo(Map.of("ForAllValues:StringLike",
                            Map.of("dynamodb:LeadingKeys", List.of("WSTICKET#*"))));
                });
        assertThat(onUsers).filteredOn(statement -> actions(statement).contains("dynamodb:GetItem")).hasSize(3)
                .allSatisfy(statement -> {
                    assertThat(actions(statement)).containsExactly("dynamodb:GetItem");
                    assertThat(String.valueOf(statement.get("Condition"))).contains("dynamodb:Attributes")
                            .contains("SPECIFIC_ATTRIBUTES");
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
}
