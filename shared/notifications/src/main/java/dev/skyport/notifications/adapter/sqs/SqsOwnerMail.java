package dev.skyport.notifications.adapter.sqs;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.notifications.application.OwnerMail;
import dev.skyport.notifications.config.OwnerMailSettings;
import dev.skyport.platform.events.SnsEventPublisher.EventMessage;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The event as one message on identity's event-mail queue, in the form the topic's raw delivery puts there (the
 * platform's {@link EventMessage}), so its consumer reads both alike.
 */
@Singleton
@Requires(classes = SqsClient.class)
@Requires(property = OwnerMailSettings.QUEUE_URL, pattern = ".+")
public class SqsOwnerMail implements OwnerMail {

    private final SqsClient sqs;
    private final JsonMapper json;
    private final String queueUrl;

    public SqsOwnerMail(SqsClient sqs, JsonMapper json, OwnerMailSettings settings) {
        this.sqs = sqs;
        this.json = json;
        this.queueUrl = settings.queueUrl();
    }

    @Override
    public void tell(DomainEvent event) {
        String body;
        try {
            body = json.writeValueAsString(EventMessage.of(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }
}
