package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The mail queue between the auth API and its consumer (issue 27.10): encryption, dead letters, least privilege. */
class MailQueueStackTest extends SynthesizedStacks {

    @Test
    void the_mail_queue_is_encrypted_with_a_watched_dead_letter_queue_and_six_consumer_timeouts_of_visibility() {
        Map<String, Map<String, Object>> queues = api.findResources("AWS::SQS::Queue");
        String queue = queues.keySet().stream().filter(id -> id.startsWith("AuthMailQueue")).findFirst().orElseThrow();
        String deadLetters = queues.keySet().stream().filter(id -> id.startsWith("AuthMailDeadLetters")).findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) queues.get(queue).get("Properties");
        assertThat(properties).containsEntry("SqsManagedSseEnabled", true);
        assertThat(((Number) properties.get("VisibilityTimeout")).intValue()).isGreaterThanOrEqualTo(6 * 20);
        assertThat(properties.get("RedrivePolicy")).isEqualTo(Map.of("deadLetterTargetArn",
                Map.of("Fn::GetAtt", List.of(deadLetters, "Arn")), "maxReceiveCount", 5));
        api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(deadLetters, "QueueName")))),
                "AlarmActions", Match.anyValue()));
        api.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(queue, "Arn")),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        assertThat(environmentOf("dev.skyport.auth.AuthHandler")).containsKey("SKYPORT_MAIL_QUEUE_URL");
        assertThat(environmentOf("dev.skyport.auth.MailWorkHandler")).doesNotContainKey("SKYPORT_MAIL_QUEUE_URL")
                .containsKey("SKYPORT_MAIL_SENDER");
    }

    @Test
    void the_auth_api_may_only_send_to_the_mail_queue() {
        List<Map<String, Object>> sqs = statementsWith(policyOf("AuthFunctionRole"), "sqs:");
        assertThat(sqs).singleElement().satisfies(statement -> {
            assertThat(actions(statement)).containsExactly("sqs:SendMessage");
            assertThat(String.valueOf(statement.get("Resource"))).contains("AuthMailQueue");
        });
    }

    @Test
    void the_mail_worker_may_touch_only_the_users_items_of_its_work_and_send_as_the_ses_identity() {
        Map<String, Object> policy = policyOf("AuthMailWorkRole");
        assertThat(statementsWith(policy, "dynamodb:")).isNotEmpty().allSatisfy(statement -> {
            assertThat(String.valueOf(statement.get("Resource"))).contains("UsersTable");
            assertThat(String.valueOf(statement.get("Condition"))).contains("dynamodb:LeadingKeys");
            assertThat(actions(statement)).doesNotContain("dynamodb:Query", "dynamodb:Scan",
                    "dynamodb:BatchWriteItem");
        });
        assertThat(statementsWith(policy, "ses:")).singleElement().satisfies(statement ->
                assertThat(actions(statement)).containsExactly("ses:SendEmail"));
        assertThat(policy.toString()).doesNotContain("secretsmanager:").doesNotContain("sns:Publish")
                .doesNotContain("sqs:SendMessage").doesNotContain("CloudAccountsTable")
                .doesNotContain("ClustersTable");
    }

    @Test
    void events_reach_the_event_mail_queue_filtered_raw_and_watched_and_only_the_channel_delivery_may_add_one() {
        Map<String, Map<String, Object>> queues = api.findResources("AWS::SQS::Queue");
        String queue = queues.keySet().stream().filter(id -> id.startsWith("AuthEventMailQueue")).findFirst()
                .orElseThrow();
        String deadLetters = queues.keySet().stream().filter(id -> id.startsWith("AuthEventMailDeadLetters"))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) queues.get(queue).get("Properties");
        assertThat(properties).containsEntry("SqsManagedSseEnabled", true);
        assertThat(properties.get("RedrivePolicy")).isEqualTo(Map.of("deadLetterTargetArn",
                Map.of("Fn::GetAtt", List.of(deadLetters, "Arn")), "maxReceiveCount", 5));
        api.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "sqs",
                "Endpoint", Map.of("Fn::GetAtt", List.of(queue, "Arn")),
                "RawMessageDelivery", true,
                "FilterPolicy", Map.of("type", dev.skyport.identity.application.EventMailRules.TOPIC_EVENT_TYPES),
                "RedrivePolicy", Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(deadLetters, "Arn")))));
        api.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(deadLetters, "QueueName")))),
                "AlarmActions", Match.anyValue()));
        api.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(queue, "Arn")),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        assertThat(environmentOf("dev.skyport.notifications.ChannelDeliveryHandler"))
                .containsKey("SKYPORT_CHANNELS_OWNER_MAIL_QUEUE_URL");
        assertThat(environmentOf("dev.skyport.notifications.ChannelEventsHandler"))
                .doesNotContainKey("SKYPORT_CHANNELS_OWNER_MAIL_QUEUE_URL");
        // the consumer takes channel.disabled only from the delivery's role, by its unique id (SQS's SenderId)
        assertThat(String.valueOf(environmentOf("dev.skyport.auth.EventMailHandler")
                .get("SKYPORT_IDENTITY_EVENT_MAIL_CHANNEL_SENDER")))
                .matches("\\{Fn::GetAtt=\\[NotificationsChannelsDeliveryRole\\w+, RoleId\\]\\}");

        Map<String, Object> policy = policyOf("AuthEventMailRole");
        assertThat(statementsWith(policy, "dynamodb:")).isNotEmpty().allSatisfy(statement -> {
            assertThat(String.valueOf(statement.get("Resource"))).contains("UsersTable");
            assertThat(String.valueOf(statement.get("Condition"))).contains("dynamodb:LeadingKeys");
            assertThat(actions(statement)).doesNotContain("dynamodb:Query", "dynamodb:Scan",
                    "dynamodb:BatchWriteItem");
        });
        assertThat(policy.toString()).doesNotContain("secretsmanager:").doesNotContain("sns:Publish")
                .doesNotContain("sqs:SendMessage").doesNotContain("ClustersTable");
    }
}
