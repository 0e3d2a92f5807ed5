package dev.skyport.realtime;

import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import dev.skyport.clusters.application.RunLogStreams;
import dev.skyport.notifications.application.LiveChannel;
import dev.skyport.notifications.application.LiveNews;
import dev.skyport.notifications.application.LiveUpdates;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fed by the CloudWatch Logs subscription filter on the Terraform tasks' log group: sends each batch of a task's
 * output lines to the run's owner as {@code cluster.log} messages, numbered as the logs route numbers them. A batch
 * delivered again, or of a stream that is no run's, is sent to nobody.
 */
public class RunLogsHandler extends EventHandler<CloudWatchLogsEvent, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(RunLogsHandler.class);
    /** CloudWatch Logs sends at most 1 MB compressed; more than this much JSON is not one of its batches. */
    private static final int MAX_DECODED = 16 * 1024 * 1024;

    @Inject
    RunLogStreams streams;
    @Inject
    LiveUpdates live;
    @Inject
    JsonMapper json;

    /** Used by the Lambda runtime. */
    public RunLogsHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public RunLogsHandler(ApplicationContext context) {
        super(context);
    }

    /** The decoded {@code awslogs.data} of a subscription delivery. */
    @Serdeable
    public record Batch(String messageType, @Nullable String logGroup, @Nullable String logStream,
                        @Nullable List<LogEvent> logEvents) {
    }

    @Serdeable
    public record LogEvent(String id, long timestamp, String message) {
    }

    @Override
    protected Void execute(CloudWatchLogsEvent input) {
        Optional<Batch> decoded = decode(input);
        if (decoded.isEmpty() || !"DATA_MESSAGE".equals(decoded.get().messageType())
                || decoded.get().logStream() == null || decoded.get().logEvents() == null
                || decoded.get().logEvents().isEmpty()) {
            return null;
        }
        Batch batch = decoded.get();
        List<LogEvent> events = batch.logEvents();
        Optional<RunLogStreams.Batch> claimed = streams.claim(batch.logStream(), events.getFirst().id(),
                events.getLast().id(), events.size());
        if (claimed.isEmpty()) {
            return null;
        }
        RunLogStreams.Batch to = claimed.get();
        List<LiveNews.ClusterLog> lines = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            LogEvent event = events.get(i);
            lines.add(new LiveNews.ClusterLog(to.clusterId(), to.runId(), to.firstSeq() + i,
                    Instant.ofEpochMilli(event.timestamp()), event.message()));
        }
        LiveChannel.Pushed pushed = live.log(to.owner(), lines);
        LOG.info("{} lines of run {} pushed to {} connections", lines.size(), to.runId(), pushed.delivered());
        return null;
    }

    private Optional<Batch> decode(CloudWatchLogsEvent input) {
        if (input.getAwsLogs() == null || input.getAwsLogs().getData() == null) {
            return Optional.empty();
        }
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(
                Base64.getDecoder().decode(input.getAwsLogs().getData())))) {
            byte[] text = unzipped.readNBytes(MAX_DECODED);
            return Optional.of(json.readValue(text, Batch.class));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("a log subscription delivery that is not CloudWatch's: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
