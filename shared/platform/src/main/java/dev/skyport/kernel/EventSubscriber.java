package dev.skyport.kernel;

/** Acts on domain events of other contexts; delivery may repeat, so handling an event twice must be harmless. */
public interface EventSubscriber {

    void on(DomainEvent event);
}
