package dev.skyport.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token settings are read once, with their defaults, and an impossible one stops the function naming it. */
class SecuritySettingsTest {

    @Test
    void the_defaults_hold_when_nothing_is_set() {
        try (ApplicationContext context = ApplicationContext.run()) {
            SecuritySettings settings = context.getBean(SecuritySettings.class);
            assertThat(settings.issuer()).isEqualTo("https://skyport.dev");
            assertThat(settings.tokenKeysMaxAge()).isEqualTo(Duration.ofMinutes(5));
            assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(30));
            assertThat(settings.signingKeysSecret()).isEmpty();
        }
    }

    @Test
    void an_impossible_setting_is_refused_naming_it() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("skyport.security.clock-skew", "10m"))) {
            assertThatThrownBy(() -> context.getBean(SecuritySettings.class))
                    .hasStackTraceContaining("skyport.security.clock-skew must be 0 to 5m");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("skyport.security.issuer", " "))) {
            assertThatThrownBy(() -> context.getBean(SecuritySettings.class))
                    .hasStackTraceContaining("skyport.security.issuer must be set");
        }
    }
}
