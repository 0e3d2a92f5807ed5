package dev.skyport.infra.operations;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Where every alarm of Skyport goes ({@link AlarmActions}): an SNS topic for the people who operate it, encrypted
 * with a key of its own, TLS only, with an e-mail subscription when {@code skyport:alarmEmail} names one. More
 * subscribers (a pager, Slack through AWS Chatbot) are the operator's: docs/operations.md.
 *
 * <p>The key is a customer managed one because CloudWatch cannot publish to a topic encrypted with the AWS managed
 * {@code alias/aws/sns} key (its key policy cannot be changed to let CloudWatch use it): alarms would be dropped
 * without a word. The key serves this topic only; who may publish is the topic policy's to say: CloudWatch for
 * alarms of this account and region (AWS's knowledge center gives the key statement without conditions, and a
 * condition CloudWatch's KMS calls do not carry would drop every alarm silently).
 */
public class OperationsTopic extends Construct {

    private final Topic topic;
    private final Key key;

    public OperationsTopic(Construct scope, String id, Optional<String> email) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String alarms = "arn:" + stack.getPartition() + ":cloudwatch:" + stack.getRegion() + ":" + stack.getAccount()
                + ":alarm:*";
        Map<String, Object> fromOurAlarms = Map.of(
                "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                "ArnLike", Map.of("aws:SourceArn", alarms));
        key = Key.Builder.create(this, "Key")
                .description("Encrypts the Skyport operations topic (alarm notifications)")
                .enableKeyRotation(true)
                // It protects messages in flight only: nothing is lost with it, so it goes with the stack.
                .removalPolicy(RemovalPolicy.DESTROY)
                .pendingWindow(Duration.days(7))
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishToTheOperationsTopic")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        topic = Topic.Builder.create(this, "Topic")
                .displayName("Skyport operations")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarms")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(fromOurAlarms)
                .build());
        email.ifPresent(address -> topic.addSubscription(new EmailSubscription(address)));
    }

    public ITopic topic() {
        return topic;
    }

    public Key key() {
        return key;
    }
}
