package dev.skyport.clusters.adapter.scheduler;

import dev.skyport.clusters.application.ExpirySchedules;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ExpiringCluster;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.RetryPolicy;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * The expiry's wake-ups as EventBridge Scheduler schedules: one one-time schedule per cluster, named after the
 * cluster, in Skyport's own group, invoking the expiry function with {@link ExpiryWakeUp}, deleted by the scheduler
 * once it fired. Idempotent: a schedule that already fires when asked is left alone; a create that finds one (made
 * meanwhile) updates it; deleting one that is not there is fine.
 */
@Singleton
@Requires(beans = SchedulerClient.class)
public class EventBridgeExpirySchedules implements ExpirySchedules {

    /** The scheduler fires within the minute after the time; a time that has passed is asked for a minute ahead. */
    static final Duration AS_SOON_AS_POSSIBLE = Duration.ofMinutes(1);
    /** A failed invocation is tried again for up to two hours; the hourly sweep is the backstop. */
    static final int RETRIES = 8;
    static final Duration KEPT_TRYING = Duration.ofHours(2);
    private static final String PREFIX = "cluster-";
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final Pattern AT_EXPRESSION = Pattern.compile("at\\((.+)\\)");
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeExpirySchedules.class);

    private final SchedulerClient scheduler;
    private final ExpiryScheduleSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    public EventBridgeExpirySchedules(SchedulerClient scheduler, ExpiryScheduleSettings settings, JsonMapper json,
                                      Clock clock) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** A cluster's schedule: {@code cluster-<id>}, within the 64 characters of {@code [0-9a-zA-Z-_.]} allowed. */
    static String scheduleName(ClusterId cluster) {
        return PREFIX + cluster.value();
    }

    @Override
    public void wakeAt(ExpiringCluster cluster, Instant at) {
        String name = scheduleName(cluster.id());
        Instant soonest = clock.instant().plus(AS_SOON_AS_POSSIBLE).truncatedTo(ChronoUnit.SECONDS);
        Instant due = at.truncatedTo(ChronoUnit.SECONDS);
        Instant fires = due.isBefore(soonest) ? soonest : due;
        String input = input(cluster);
        Optional<GetScheduleResponse> current = current(name);
        if (current.isPresent() && current.get().target() != null && input.equals(current.get().target().input())
                && firesAt(current.get()).filter(time -> !time.isBefore(due) && !time.isAfter(fires)).isPresent()) {
            return; // it already fires when asked: a record read twice changes nothing
        }
        String expression = "at(" + AT.format(LocalDateTime.ofInstant(fires, ZoneOffset.UTC)) + ")";
        if (current.isEmpty()) {
            try {
                scheduler.createSchedule(b -> b.name(name).groupName(settings.groupName())
                        .scheduleExpression(expression).scheduleExpressionTimezone("UTC")
                        .flexibleTimeWindow(OFF).state(ScheduleState.ENABLED)
                        .actionAfterCompletion(ActionAfterCompletion.DELETE)
                        .description(description(cluster)).target(target(input)));
                LOG.info("expiry schedule {} made: {}", name, expression);
                return;
            } catch (ConflictException madeMeanwhile) {
                LOG.info("expiry schedule {} was made meanwhile: updated instead", name);
            }
        }
        scheduler.updateSchedule(b -> b.name(name).groupName(settings.groupName())
                .scheduleExpression(expression).scheduleExpressionTimezone("UTC")
                .flexibleTimeWindow(OFF).state(ScheduleState.ENABLED)
                .actionAfterCompletion(ActionAfterCompletion.DELETE)
                .description(description(cluster)).target(target(input)));
        LOG.info("expiry schedule {} moved: {}", name, expression);
    }

    @Override
    public void cancel(ClusterId cluster) {
        String name = scheduleName(cluster);
        try {
            scheduler.deleteSchedule(b -> b.name(name).groupName(settings.groupName()));
            LOG.info("expiry schedule {} deleted", name);
        } catch (ResourceNotFoundException none) {
            // none (never made, fired and deleted by the scheduler, or deleted before): nothing to do
        }
    }

    private static final FlexibleTimeWindow OFF = FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.OFF)
            .build();

    private Optional<GetScheduleResponse> current(String name) {
        try {
            return Optional.of(scheduler.getSchedule(b -> b.name(name).groupName(settings.groupName())));
        } catch (ResourceNotFoundException none) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> firesAt(GetScheduleResponse schedule) {
        Matcher at = AT_EXPRESSION.matcher(schedule.scheduleExpression() == null ? ""
                : schedule.scheduleExpression());
        if (!at.matches() || !"UTC".equals(schedule.scheduleExpressionTimezone())) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(at.group(1), AT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notOurs) {
            return Optional.empty();
        }
    }

    private Target target(String input) {
        return Target.builder().arn(settings.targetArn()).roleArn(settings.roleArn()).input(input)
                .retryPolicy(RetryPolicy.builder().maximumRetryAttempts(RETRIES)
                        .maximumEventAgeInSeconds((int) KEPT_TRYING.toSeconds()).build())
                .deadLetterConfig(b -> b.arn(settings.deadLetterArn()))
                .build();
    }

    private String input(ExpiringCluster cluster) {
        try {
            return json.writeValueAsString(ExpiryWakeUp.of(cluster.owner().value(), cluster.id().value()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String description(ExpiringCluster cluster) {
        return "Skyport: the expiry of cluster " + cluster.id().value() + " (warning, or its destroy)";
    }
}
