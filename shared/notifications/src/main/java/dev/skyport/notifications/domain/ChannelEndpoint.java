package dev.skyport.notifications.domain;

import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One outbound channel of a person: where events go, which kinds, optionally for one cluster only, and whether it
 * is on. The secret part (a webhook's signing secret, a Slack webhook's URL) is never here: only the reference to it
 * in the secret store, and for Slack a masked form of the URL to show.
 *
 * @param url          a webhook's URL; for Slack the masked URL ({@code https://hooks.slack.com/services/T…/…})
 * @param secretRef    the secret store's reference to the signing secrets (webhook) or the URL (Slack)
 * @param failingSince when its deliveries began to fail without a success since; empty while they succeed
 * @param disabledReason why it was turned off by Skyport ({@code failing-for-a-day}); empty when on, or off by hand
 */
public record ChannelEndpoint(String id, UserId owner, ChannelType type, String url, String secretRef,
                              Set<String> kinds, Optional<String> clusterId, boolean enabled, Instant createdAt,
                              Optional<Instant> failingSince, Optional<String> disabledReason) {

    public ChannelEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secretRef, "secretRef");
        kinds = Set.copyOf(kinds);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether an event of one of these kinds, about this cluster (if any), goes to this channel now. */
    public boolean wants(Set<String> eventKinds, Optional<String> eventCluster) {
        if (!enabled || eventKinds.stream().noneMatch(kinds::contains)) {
            return false;
        }
        return clusterId.isEmpty() || clusterId.equals(eventCluster);
    }
}
