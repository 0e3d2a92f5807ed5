package dev.skyport.identity.application;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the events that were stored with their change but could not be published then (the topic was down).
 * Runs on a schedule; an event published twice is harmless to subscribers, an event never published is not, so an
 * event is forgotten only after it was published. Made by {@code IdentityFactory} where an {@link EventPublisher}
 * exists.
 */
public class PendingEventRelay {

    static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(PendingEventRelay.class);

    private final Users users;
    private final EventPublisher events;

    public PendingEventRelay(Users users, EventPublisher events) {
        this.users = users;
        this.events = events;
    }

    /** @return how many pending events were published */
    public int relay() {
        int published = 0;
        for (DomainEvent event : users.pendingEvents(BATCH)) {
            try {
                events.publish(event);
            } catch (RuntimeException stillDown) {
                LOG.warn("events stay pending, the topic still refuses: {}", stillDown.getClass().getSimpleName());
                break;
            }
            users.eventPublished(event);
            published++;
        }
        return published;
    }
}
