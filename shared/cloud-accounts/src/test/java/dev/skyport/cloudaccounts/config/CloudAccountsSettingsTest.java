package dev.skyport.cloudaccounts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limits on refused credential checks hold their defaults, and an impossible one stops the start naming it. */
class CloudAccountsSettingsTest {

    @Test
    void the_defaults_hold_when_nothing_is_set() {
        try (ApplicationContext context = ApplicationContext.run()) {
            CloudAccountsSettings settings = context.getBean(CloudAccountsSettings.class);
            assertThat(settings.failedVerificationsPerUser()).isEqualTo(10);
            assertThat(settings.failedVerificationsPerAddress()).isEqualTo(20);
            assertThat(settings.failedVerificationWindow()).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void an_impossible_setting_is_refused_naming_it() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                CloudAccountsSettings.FAILED_VERIFICATIONS_PER_ADDRESS, "0"))) {
            assertThatThrownBy(() -> context.getBean(CloudAccountsSettings.class)).hasStackTraceContaining(
                    "skyport.cloud-accounts.failed-verifications-per-address must be 1 or more, not 0");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                CloudAccountsSettings.FAILED_VERIFICATION_WINDOW, "0s"))) {
            assertThatThrownBy(() -> context.getBean(CloudAccountsSettings.class)).hasStackTraceContaining(
                    "skyport.cloud-accounts.failed-verification-window must be a positive duration, not PT0S");
        }
    }
}
