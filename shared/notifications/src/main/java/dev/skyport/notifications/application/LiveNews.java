package dev.skyport.notifications.application;

import dev.skyport.kernel.PlatformEvent;
import dev.skyport.notifications.domain.Notification;
import java.time.Instant;

/** What a person should see live, decided by {@link LiveUpdates}; a {@link LiveChannel} puts it in its words. */
public sealed interface LiveNews {

    /** A cluster's status changed, at {@code at}. */
    record ClusterStatus(PlatformEvent.ClusterStatusChanged change, Instant at) implements LiveNews {
    }

    /** A line of a run's Terraform output; {@code seq} counts from 1 in each run, as the logs route does. */
    record ClusterLog(String clusterId, String runId, long seq, Instant at, String line) implements LiveNews {
    }

    /** A notification just kept. */
    record NewNotification(Notification notification) implements LiveNews {
    }
}
