package dev.skyport.notifications.application;

import dev.skyport.kernel.UserId;
import dev.skyport.notifications.domain.ChannelEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Each person's outbound channels. Every read and change names the owner: another person's id finds nothing. */
public interface ChannelEndpoints {

    /**
     * Keeps a new channel unless its owner has {@code limit} channels already; answers whether it did. Atomic: of
     * two creates at {@code limit - 1}, one passes.
     */
    boolean create(ChannelEndpoint endpoint, int limit);

    List<ChannelEndpoint> list(UserId owner);

    Optional<ChannelEndpoint> find(UserId owner, String id);

    /** Replaces what a person may change (URL, kinds, cluster filter, on/off); false when there is no such channel. */
    boolean update(ChannelEndpoint endpoint);

    /** Removes a channel, and it no longer counts against the limit; false when there is no such channel. */
    boolean delete(UserId owner, String id);

    /** Removes a channel of an account that is gone, without keeping its count (see {@link #discardCount}). */
    boolean discard(UserId owner, String id);

    /** Forgets the count of a person's channels, once their account and channels are gone. */
    void discardCount(UserId owner);

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
