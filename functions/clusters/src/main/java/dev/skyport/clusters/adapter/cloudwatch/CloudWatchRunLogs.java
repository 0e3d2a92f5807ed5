package dev.skyport.clusters.adapter.cloudwatch;

import dev.skyport.clusters.adapter.stepfunctions.WorkflowSettings;
import dev.skyport.clusters.application.RunLogs;
import dev.skyport.clusters.domain.Run;
import dev.skyport.kernel.DomainException;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Run output from the Terraform task's CloudWatch log stream ({@code terraform/terraform/<task id>} in the tasks'
 * log group), which the run names once its task has started. A cursor carries CloudWatch's forward token and the
 * number of lines read before it, so every line keeps its place ({@code seq}) across pages.
 */
@Singleton
@Requires(property = WorkflowSettings.LOG_GROUP)
public class CloudWatchRunLogs implements RunLogs {

    /** {@code <lines read>|<forward token>}: CloudWatch's tokens are {@code f/} and digits. */
    private static final Pattern CURSOR = Pattern.compile("^([0-9]{1,9})\\|(f/[0-9]{1,80}(?:/s)?)$");

    /** Built when a run's log is first read. */
    private final BeanProvider<CloudWatchLogsClient> logs;
    private final String logGroup;

    public CloudWatchRunLogs(BeanProvider<CloudWatchLogsClient> logs, WorkflowSettings settings) {
        this.logs = logs;
        this.logGroup = settings.taskLogs().orElseThrow();
    }

    @Override
    public LogPage lines(Run run, Optional<String> cursor, int limit) {
        Optional<Position> from = cursor.map(CloudWatchRunLogs::position);
        if (run.logStream().isEmpty()) {
            // The task has not started yet: no stream, no lines, and the same cursor for the next look.
            return new LogPage(List.of(), cursor.orElse(""));
        }
        GetLogEventsResponse page;
        try {
            page = logs.get().getLogEvents(b -> {
                b.logGroupName(logGroup).logStreamName(run.logStream().get()).startFromHead(true).limit(limit);
                from.ifPresent(position -> b.nextToken(position.token()));
            });
        } catch (ResourceNotFoundException noStreamYet) {
            return new LogPage(List.of(), cursor.orElse(""));
        }
        long before = from.map(Position::read).orElse(0L);
        List<LogLine> lines = new ArrayList<>();
        for (OutputLogEvent event : page.events()) {
            lines.add(new LogLine(before + lines.size() + 1, Instant.ofEpochMilli(event.timestamp()),
                    event.message()));
        }
        return new LogPage(lines, encode(new Position(before + lines.size(), page.nextForwardToken())));
    }

    private record Position(long read, String token) {
    }

    private static String encode(Position position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((position.read() + "|" + position.token())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Position position(String cursor) {
        if (cursor.length() <= 200) {
            try {
                Matcher matcher = CURSOR.matcher(new String(Base64.getUrlDecoder().decode(cursor),
                        StandardCharsets.UTF_8));
                if (matcher.matches()) {
                    return new Position(Long.parseLong(matcher.group(1)), matcher.group(2));
                }
            } catch (IllegalArgumentException notBase64) {
                // refused below
            }
        }
        throw DomainException.invalid("invalid-cursor", "cursor must be one this API returned");
    }
}
