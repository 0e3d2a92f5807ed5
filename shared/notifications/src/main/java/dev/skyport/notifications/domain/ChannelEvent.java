package dev.skyport.notifications.domain;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A platform event as channels send it: its kind ({@link ChannelKinds}), the cluster it is about (for the cluster
 * filter), the fields a receiver gets (snake_case names, a link to the resource), and the words of a chat message.
 *
 * @param matches the kinds a channel may have asked for to get it: its own, and for a failed run also
 *                {@code cluster.run-failed}
 * @param eventId the platform event's id: the same event always makes the same deliveries
 * @param status  the cluster's status, for a chat message; empty for other events
 * @param reason  the reason text, for a chat message
 */
public record ChannelEvent(String eventId, String kind, Set<String> matches, UserId owner, Optional<String> clusterId, Instant occurredAt,
                           Map<String, String> data, String title, Optional<String> status, Optional<String> reason,
                           String link) {

    public ChannelEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        matches = Set.copyOf(matches);
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = Map.copyOf(data);
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(link, "link");
    }
}
