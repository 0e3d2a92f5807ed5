package dev.skyport.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.platform.sessions.LiveSessions;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The check on ended sessions is on unless it is turned off by name: it used to hang on the users table's name being
 * set, which the local platform did not set, so there a signed-out token could still write.
 */
class LiveSessionCheckSwitchTest {

    @Test
    void the_check_is_on_without_any_setting_and_off_only_when_switched_off() {
        try (ApplicationContext plain = ApplicationContext.builder().deduceEnvironment(false).start()) {
            assertThat(plain.containsBean(LiveSessionCheck.class)).isTrue();
            assertThat(plain.containsBean(LiveSessions.class)).isTrue();
        }
        try (ApplicationContext off = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of(LiveSessions.CHECK_SWITCH, "false")).start()) {
            assertThat(off.containsBean(LiveSessionCheck.class)).isFalse();
            assertThat(off.containsBean(LiveSessions.class)).isFalse();
        }
    }
}
