package dev.skyport.notifications.application;

import java.time.Duration;

/**
 * Where delivery attempts wait for {@link DeliveryWork}: an SQS queue in AWS, an in-process queue on the local
 * platform's clock. At least once: a job may arrive twice, and the delivery's claim makes the second do nothing.
 */
public interface DeliveryQueue {

    void enqueue(DeliveryJob job, Duration delay);
}
