package dev.skyport.kernel;

/** Hands domain events to the other contexts: the SNS topic "platform-events" in AWS, in-process locally. */
public interface EventPublisher {

    void publish(DomainEvent event);
}
