package dev.skyport.infra.operations;

import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.IConstruct;

/**
 * Every CloudWatch alarm of the app tells the operations topic when it goes off and when it is OK again: an aspect,
 * so that an alarm added anywhere later cannot be forgotten.
 */
public class AlarmActions implements IAspect {

    private final ITopic topic;

    public AlarmActions(ITopic topic) {
        this.topic = topic;
    }

    @Override
    public void visit(IConstruct node) {
        if (node instanceof Alarm alarm) {
            SnsAction action = new SnsAction(topic);
            alarm.addAlarmAction(action);
            alarm.addOkAction(action);
        }
    }
}
