package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventTypes;
import dev.skyport.kernel.SecretStore;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.domain.ChannelEndpoint;
import dev.skyport.notifications.domain.ChannelEvent;
import dev.skyport.notifications.domain.ChannelType;
import dev.skyport.notifications.domain.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends each platform event to the channels of its owner that asked for its kind (and its cluster, when they
 * filter): one delivery per channel, made once however often the event arrives, then queued. A delivery made before
 * whose first attempt never happened (its queue message was lost with a failed invocation) is queued again: the
 * claim keeps that from sending twice.
 */
public class ChannelFanOut {

    /** How long a removed channel's secret stays recoverable. */
    static final Duration SECRET_RECOVERY = Duration.ofDays(7);

    private final ChannelEndpoints endpoints;
    private final Deliveries deliveries;
    private final DeliveryQueue queue;
    private final ChannelPayloads payloads;
    private final SecretStore secrets;
    private final String linkBase;
    private final Clock clock;

    public ChannelFanOut(ChannelEndpoints endpoints, Deliveries deliveries, DeliveryQueue queue,
                         ChannelPayloads payloads, SecretStore secrets, String linkBase, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.queue = queue;
        this.payloads = payloads;
        this.secrets = secrets;
        this.linkBase = linkBase;
        this.clock = clock;
    }

    /**
     * Answers how many channels the event was queued for (or, for {@code user.deleted}, removed: a deleted
     * account's channels and their secrets go, and their deliveries expire).
     */
    public int on(DomainEvent envelope) {
        if (envelope.type().equals(EventTypes.USER_DELETED)) {
            return removeAll(new UserId(envelope.subject()));
        }
        Optional<ChannelEvent> event = ChannelRules.of(envelope, linkBase);
        if (event.isEmpty()) {
            return 0;
        }
        int queued = 0;
        for (ChannelEndpoint endpoint : endpoints.list(event.get().owner())) {
            if (endpoint.wants(event.get().matches(), event.get().clusterId())) {
                deliver(event.get(), endpoint, false);
                queued++;
            }
        }
        return queued;
    }

    private int removeAll(UserId owner) {
        int removed = 0;
        for (ChannelEndpoint endpoint : endpoints.list(owner)) {
            secrets.delete(endpoint.secretRef(), SECRET_RECOVERY);
            if (endpoints.discard(owner, endpoint.id())) {
                removed++;
            }
        }
        endpoints.discardCount(owner);
        return removed;
    }

    /** Makes (or finds) the delivery of the event to the channel, and queues its first attempt if it is due. */
    Delivery deliver(ChannelEvent event, ChannelEndpoint endpoint, boolean manual) {
        String body = endpoint.type() == ChannelType.SLACK ? payloads.slack(event) : payloads.webhook(event);
        Delivery delivery = Delivery.of(event, endpoint.id(), body, clock.instant(), manual);
        if (!deliveries.create(delivery)) {
            delivery = deliveries.find(endpoint.id(), delivery.id()).orElse(delivery);
            if (delivery.state() != Delivery.State.PENDING || delivery.attempts() > 0) {
                return delivery;
            }
        }
        queue.enqueue(new DeliveryJob(endpoint.owner(), endpoint.id(), delivery.id(), 0), Duration.ZERO);
        return delivery;
    }
}
