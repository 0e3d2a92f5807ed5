package dev.skyport.notifications.application;

import dev.skyport.kernel.UserId;
import dev.skyport.notifications.domain.ChannelEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Each person's outbound channels. Every read and change names the owner: another person's id finds nothing. */
public interface ChannelEndpoints {

    void create(ChannelEndpoint endpoint);

    List<ChannelEndpoint> list(UserId owner);

    Optional<ChannelEndpoint> find(UserId owner, String id);

    /** Replaces what a person may change (URL, kinds, cluster filter, on/off); false when there is no such channel. */
    boolean update(ChannelEndpoint endpoint);

    boolean delete(UserId owner, String id);

    /** A delivery succeeded: the channel is not failing. */
    void markHealthy(UserId owner, String id);

    /** A delivery failed: answers since when the channel has been failing (this call's time if it was not). */
    Optional<Instant> markFailing(UserId owner, String id, Instant now);

    /**
     * Turns the channel off for {@code reason}, if it is on and still failing since {@code failingSince}; answers
     * whether this call did (one caller does, however many see the same failure).
     */
    boolean disable(UserId owner, String id, Instant failingSince, String reason);
}
