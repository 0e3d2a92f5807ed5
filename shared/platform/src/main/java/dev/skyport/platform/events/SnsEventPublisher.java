package dev.skyport.platform.events;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventPublisher;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes domain events as JSON to the "platform-events" SNS topic, with the event type (and a cluster event's
 * status) as message attributes, so that subscribers filter without reading the message.
 */
@Singleton
@Requires(classes = SnsClient.class)
@Requires(property = EventSettings.TOPIC_ARN)
public class SnsEventPublisher implements EventPublisher {

    /** Built at the first publish: a cold start whose request announces nothing (GET /me) skips it. */
    private final BeanProvider<SnsClient> sns;
    private final JsonMapper json;
    private final String topicArn;

    public SnsEventPublisher(BeanProvider<SnsClient> sns, JsonMapper json,
                             EventSettings settings) {
        this.sns = sns;
        this.json = json;
        this.topicArn = settings.topicArn();
    }

    @Override
    public void publish(DomainEvent event) {
        String message;
        try {
            message = json.writeValueAsString(EventMessage.of(event));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write event " + event.id(), e);
        }
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put("type", text(event.type()));
        String status = event.data().get("status");
        if (status != null && !status.isEmpty()) {
            attributes.put("status", text(status));
        }
        sns.get().publish(b -> b.topicArn(topicArn).message(message).messageAttributes(attributes));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** The wire form of an event on the topic. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record EventMessage(String id, String type, String subject, Instant occurredAt, Map<String, String> data) {
        public static EventMessage of(DomainEvent event) {
            return new EventMessage(event.id(), event.type(), event.subject(), event.occurredAt(), event.data());
        }

        /**
         * The event in a message of the topic, as a subscriber receives it.
         *
         * @throws IllegalArgumentException when the message is not a Skyport event: delivering it again cannot help
         */
        public static DomainEvent read(JsonMapper json, String message) {
            try {
                EventMessage event = json.readValue(message.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        EventMessage.class);
                return new DomainEvent(event.id(), event.type(), event.subject(), event.occurredAt(),
                        event.data() == null ? Map.of() : event.data());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not a Skyport event: " + e.getClass().getSimpleName(), e);
            }
        }
    }
}
