package dev.skyport.local.events;

import dev.skyport.clusters.adapter.dynamodb.DynamoDbRunLogs;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.Run;
import dev.skyport.notifications.application.LiveNews;
import dev.skyport.notifications.application.LiveUpdates;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development only: where the local provisioners write a run's output. Each line is kept (for the logs route) and
 * sent at once to the owner's open WebSocket connections as a {@code cluster.log} message, as the CloudWatch Logs
 * subscription does in AWS. A line that could not be pushed is still kept.
 */
@Singleton
@Requires(bean = DynamoDbRunLogs.class)
public class LiveRunLogs {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRunLogs.class);

    private final DynamoDbRunLogs logs;
    private final LiveUpdates live;

    public LiveRunLogs(DynamoDbRunLogs logs, LiveUpdates live) {
        this.logs = logs;
        this.live = live;
    }

    public void append(Cluster cluster, Run run, long seq, Instant at, String line) {
        logs.append(run, seq, at, line);
        try {
            live.log(cluster.owner(), List.of(new LiveNews.ClusterLog(cluster.id().value(), run.id(), seq, at,
                    line)));
        } catch (RuntimeException e) {
            LOG.warn("line {} of run {} kept but not pushed: {}", seq, run.id(), e.getClass().getSimpleName());
        }
    }
}
