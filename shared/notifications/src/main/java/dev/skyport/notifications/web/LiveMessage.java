package dev.skyport.notifications.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/**
 * What the server sends on a WebSocket connection: JSON that always has a {@code type}. A client that reconnects
 * refetches over HTTP; {@code version} and {@code seq} let it drop what it already has.
 */
public sealed interface LiveMessage {

    String type();

    /** A cluster's status changed. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record ClusterStatus(String type, String clusterId, String status, @Nullable String previous,
                         @Nullable String reason, @Nullable String runId, Instant at, long version)
            implements LiveMessage {

        public ClusterStatus(String clusterId, String status, @Nullable String previous, @Nullable String reason,
                             @Nullable String runId, Instant at, long version) {
            this("cluster.status", clusterId, status, previous, reason, runId, at, version);
        }
    }

    /** A line of a run's Terraform output; {@code seq} counts from 1 in each run, as the logs route does. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record ClusterLog(String type, String clusterId, String runId, long seq, Instant at, String line)
            implements LiveMessage {

        public ClusterLog(String clusterId, String runId, long seq, Instant at, String line) {
            this("cluster.log", clusterId, runId, seq, at, line);
        }
    }

    /** A new notification, as {@code GET /notifications} shows it. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record NewNotification(String type, NotificationView notification) implements LiveMessage {

        public NewNotification(NotificationView notification) {
            this("notification", notification);
        }
    }

    /** The answer to {@code {"type":"ping"}}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Pong(String type) implements LiveMessage {

        public Pong() {
            this("pong");
        }
    }

    /** The answer to anything else a client sends: what it may send instead. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Refusal(String type, String code, String detail) implements LiveMessage {

        public Refusal(String code, String detail) {
            this("error", code, detail);
        }
    }
}
