package dev.skyport.identity.application;

/**
 * Where requests for mail wait for {@link MailWork}: an SQS queue in AWS, an in-process queue in the local platform.
 * Delivery is at least once and asynchronous: {@link #enqueue} returns before any of the work is done.
 */
public interface MailQueue {

    void enqueue(MailRequest request);
}
