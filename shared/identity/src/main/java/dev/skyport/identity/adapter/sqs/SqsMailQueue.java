package dev.skyport.identity.adapter.sqs;

import dev.skyport.identity.adapter.json.MailRequestCodec;
import dev.skyport.identity.application.MailQueue;
import dev.skyport.identity.application.MailRequest;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends each mail request as one SQS message; the mail-work Lambda consumes them. */
@Singleton
@Requires(classes = SqsClient.class)
@Requires(property = MailQueueSettings.URL)
public class SqsMailQueue implements MailQueue {

    private final SqsClient sqs;
    private final MailRequestCodec codec;
    private final String queueUrl;

    public SqsMailQueue(SqsClient sqs, MailRequestCodec codec, MailQueueSettings settings) {
        this.sqs = sqs;
        this.codec = codec;
        this.queueUrl = settings.url();
    }

    @Override
    public void enqueue(MailRequest request) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(codec.encode(request)));
    }
}
