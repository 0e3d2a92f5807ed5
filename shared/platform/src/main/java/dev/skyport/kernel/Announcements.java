package dev.skyport.kernel;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events whose loss costs no more than a notification: the person was already told by mail, or sees the state on
 * the resource itself (a password changed, a Google account linked, a failed re-verification). They are published
 * at once, after the change; a topic that refuses is logged and never fails the request that made the change. Where
 * no topic is wired (a function without one), nothing is published.
 */
public final class Announcements {

    private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);

    private final Supplier<Optional<EventPublisher>> publisher;
    private final Clock clock;

    /** @param publisher asked at each announcement (so the topic may be made after this, or need this) */
    public Announcements(Supplier<Optional<EventPublisher>> publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Publishes {@code announced}, if there is a topic. */
    public void announce(PlatformEvent announced) {
        Optional<EventPublisher> topic = publisher.get();
        if (topic.isEmpty()) {
            return;
        }
        DomainEvent event = DomainEvent.of(announced, clock.instant());
        try {
            topic.get().publish(event);
        } catch (RuntimeException refused) {
            LOG.warn("{} {} not published (the person was told otherwise): {}", event.type(), event.id(),
                    refused.getClass().getSimpleName());
        }
    }
}
