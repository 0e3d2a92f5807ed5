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
                ReservedConcurrency.DEFAULTS);
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
        assertThat(functions).as("Skyport functions").isEqualTo(16);
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

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}
