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

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}
