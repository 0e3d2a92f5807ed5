package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ExpiringCluster;
import java.time.Instant;

/**
 * One wake-up per cluster whose expiry has something to do, outside Skyport's functions (EventBridge Scheduler in
 * AWS). A derived view of the clusters table: {@link ExpiryScheduling} keeps it in step, and every call is idempotent.
 */
public interface ExpirySchedules {

    /**
     * Makes the cluster's one wake-up fire at {@code at}, or as soon after as the scheduler can when that has passed:
     * creates it, or moves it. Asked again with the same time, it changes nothing.
     */
    void wakeAt(ExpiringCluster cluster, Instant at);

    /** Removes the cluster's wake-up; that there is none is fine. */
    void cancel(ClusterId cluster);
}
