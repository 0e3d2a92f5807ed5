package dev.skyport.clusters.adapter.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.testing.LocalSchedulerServer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * The loopback EventBridge Scheduler refuses, through the real SDK client, what the API reference says the service
 * refuses, with the errors the SDK turns into the same exceptions: so the adapter's tests cannot pass on a request
 * the service would not take.
 */
class LocalSchedulerServerIT {

    private static final String GROUP = "skyport-expiry";
    private static final String TARGET = "arn:aws:lambda:us-east-1:123456789012:function:expiry:live";
    private static final String ROLE = "arn:aws:iam::123456789012:role/scheduler";
    private final LocalSchedulerServer server = new LocalSchedulerServer().withGroup(GROUP);
    private final SchedulerClient client = server.client();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static Consumer<CreateScheduleRequest.Builder> schedule(String name, String expression) {
        return b -> b.name(name).groupName(GROUP).scheduleExpression(expression)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(TARGET).roleArn(ROLE).input("{}"));
    }

    @Test
    void a_name_outside_64_characters_of_letters_digits_dash_underscore_and_dot_is_refused() {
        assertThatThrownBy(() -> client.createSchedule(schedule("cluster:1", "at(2027-01-31T18:00:00)")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> client.createSchedule(schedule("c".repeat(65), "at(2027-01-31T18:00:00)")))
                .isInstanceOf(ValidationException.class);
        client.createSchedule(schedule("c".repeat(64), "at(2027-01-31T18:00:00)"));
        assertThat(server.schedule(GROUP, "c".repeat(64))).isPresent();
        String ours = EventBridgeExpirySchedules.scheduleName(
                new dev.skyport.clusters.domain.ClusterId("7c9e6679-7425-40de-944b-e07fc1f90ae7"));
        client.createSchedule(schedule(ours, "at(2027-01-31T18:00:00)"));
        assertThat(server.schedule(GROUP, ours)).isPresent();
    }

    @Test
    void an_at_expression_that_is_no_time_in_its_format_is_refused() {
        for (String expression : new String[] {"at(2027-01-31T18:00:00Z)", "at(2027-01-31 18:00:00)",
                "at(2027-02-30T18:00:00)", "at(2027-01-31T18:00)", "2027-01-31T18:00:00"}) {
            assertThatThrownBy(() -> client.createSchedule(schedule("c1", expression))).as(expression)
                    .isInstanceOf(ValidationException.class);
        }
        assertThat(server.schedules()).isEmpty();
    }

    @Test
    void a_second_create_of_a_name_is_a_conflict_and_an_update_or_delete_of_none_is_not_found() {
        client.createSchedule(schedule("c1", "at(2027-01-31T18:00:00)"));
        assertThatThrownBy(() -> client.createSchedule(schedule("c1", "at(2027-02-01T18:00:00)")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.updateSchedule(b -> b.name("c2").groupName(GROUP)
                .scheduleExpression("at(2027-01-31T18:00:00)")
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(TARGET).roleArn(ROLE))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.deleteSchedule(b -> b.name("c2").groupName(GROUP)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.getSchedule(b -> b.name("c2").groupName(GROUP)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.createSchedule(b -> schedule("c3", "at(2027-01-31T18:00:00)")
                .andThen(x -> x.groupName("no-such-group")).accept(b)))
                .isInstanceOf(ResourceNotFoundException.class);
        client.deleteSchedule(b -> b.name("c1").groupName(GROUP));
        assertThat(server.schedules()).isEmpty();
    }

    @Test
    void a_flexible_window_off_with_a_size_and_a_retry_policy_out_of_range_are_refused() {
        assertThatThrownBy(() -> client.createSchedule(b -> schedule("c1", "at(2027-01-31T18:00:00)").andThen(
                x -> x.flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF).maximumWindowInMinutes(5)))
                .accept(b))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> client.createSchedule(b -> schedule("c1", "at(2027-01-31T18:00:00)").andThen(
                x -> x.target(t -> t.arn(TARGET).roleArn(ROLE).retryPolicy(r -> r.maximumRetryAttempts(186))))
                .accept(b))).isInstanceOf(ValidationException.class);
        assertThat(server.schedules()).isEmpty();
    }
}
