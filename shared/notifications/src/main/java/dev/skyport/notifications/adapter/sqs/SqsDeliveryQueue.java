package dev.skyport.notifications.adapter.sqs;

import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.DeliveryJob;
import dev.skyport.notifications.application.DeliveryQueue;
import dev.skyport.notifications.config.ChannelSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Each delivery attempt as one SQS message. SQS delays a message by at most 15 minutes, so a longer wait travels as
 * the message's {@code not_before}: the consumer sends a message that arrives early on again with the time that is
 * left ({@link #waitLeft}), until it is due.
 */
@Singleton
@Requires(classes = SqsClient.class)
@Requires(property = ChannelSettings.QUEUE_URL, pattern = ".+")
public class SqsDeliveryQueue implements DeliveryQueue {

    /** SQS's largest DelaySeconds. */
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final SqsClient sqs;
    private final JsonMapper json;
    private final String queueUrl;
    private final Clock clock;

    public SqsDeliveryQueue(SqsClient sqs, JsonMapper json, ChannelSettings settings, Clock clock) {
        this.sqs = sqs;
        this.json = json;
        this.queueUrl = settings.queueUrl();
        this.clock = clock;
    }

    @Override
    public void enqueue(DeliveryJob job, Duration delay) {
        send(new Message(job.owner().value(), job.endpointId(), job.deliveryId(), job.attempts(),
                clock.instant().plus(delay).toEpochMilli()), delay);
    }

    private void send(Message message, Duration delay) {
        long seconds = Math.max(0, Math.min(MAX_DELAY.toSeconds(), (delay.toMillis() + 999) / 1000));
        String body;
        try {
            body = json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).delaySeconds((int) seconds));
    }

    /**
     * Reads a message: its job when it is due, or empty after sending it on for the time that is left.
     *
     * @throws IllegalArgumentException when the body is not a delivery message
     */
    public java.util.Optional<DeliveryJob> waitLeft(String body) {
        Message message;
        try {
            message = json.readValue(body, Message.class);
        } catch (IOException | RuntimeException malformed) {
            throw new IllegalArgumentException("not a delivery message");
        }
        if (message == null || message.owner() == null || message.endpointId() == null
                || message.deliveryId() == null) {
            throw new IllegalArgumentException("not a delivery message");
        }
        Duration left = Duration.between(clock.instant(), Instant.ofEpochMilli(message.notBefore()));
        if (left.compareTo(Duration.ofSeconds(1)) > 0) {
            send(message, left);
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DeliveryJob(new UserId(message.owner()), message.endpointId(),
                message.deliveryId(), message.attempts()));
    }

    /** The message body: ids and a time, no secret, no event content. */
    @Serdeable(naming = io.micronaut.serde.config.naming.SnakeCaseStrategy.class)
    public record Message(String owner, String endpointId, String deliveryId, int attempts, long notBefore) {
    }
}
