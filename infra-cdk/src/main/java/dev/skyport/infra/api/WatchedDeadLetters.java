package dev.skyport.infra.api;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Where the events an event handler could not handle end: an encrypted, TLS-only queue that keeps them 14 days,
 * and an alarm as soon as one is there, telling the operator what it means and what to do.
 */
public class WatchedDeadLetters extends Construct {

    private final Queue queue;
    private final Alarm alarm;

    /**
     * @param whose        what this queue is the dead-letter queue of (for cdk-nag: such a queue needs none itself)
     * @param whenOneLands what one message here means, and what to do about it
     */
    public WatchedDeadLetters(Construct scope, String id, String whose, String whenOneLands) {
        super(scope, id);
        queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagSuppressions.addResourceSuppressions(queue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter queue of " + whose + "; an alarm watches its depth.")
                .build()));
        alarm = Alarm.Builder.create(this, "Alarm")
                .alarmDescription(whenOneLands)
                .metric(queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    public Queue queue() {
        return queue;
    }

    public Alarm alarm() {
        return alarm;
    }
}
