package dev.skyport.local.events;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventPublisher;
import dev.skyport.kernel.EventSubscriber;
import dev.skyport.local.LocalOnly;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development only: the "platform-events" topic in this JVM. Every event goes to every {@link EventSubscriber}
 * bean, and the latest ones are kept for {@code GET /local/events}. Never wired in a Lambda, where SNS is.
 */
@Singleton
@LocalOnly
@Requires(missingProperty = "skyport.events.topic-arn")
public class InProcessTopic implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessTopic.class);
    private static final int KEEP = 100;

    private final List<EventSubscriber> subscribers;
    private final Deque<DomainEvent> recent = new ArrayDeque<>();

    public InProcessTopic(List<EventSubscriber> subscribers) {
        this.subscribers = subscribers;
    }

    @Override
    public void publish(DomainEvent event) {
        LOG.info("event {} {} subject={}", event.type(), event.id(), event.subject());
        synchronized (recent) {
            recent.addFirst(event);
            while (recent.size() > KEEP) {
                recent.removeLast();
            }
        }
        subscribers.forEach(subscriber -> subscriber.on(event));
    }

    /** The latest events, newest first. */
    public List<DomainEvent> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
