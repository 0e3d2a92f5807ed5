package dev.skyport.identity.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of sign-up and login hold their defaults, and an impossible one stops the start naming it. */
class IdentitySettingsTest {

    @Test
    void the_defaults_hold_when_nothing_is_set() {
        try (ApplicationContext context = ApplicationContext.run()) {
            IdentitySettings settings = context.getBean(IdentitySettings.class);
            assertThat(settings.publicBaseUrl()).isEqualTo(URI.create("http://localhost:8080"));
            assertThat(settings.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
            assertThat(settings.lockoutThreshold()).isEqualTo(5);
            assertThat(settings.mailsPerRecipient()).isEqualTo(3);
        }
    }

    @Test
    void an_impossible_setting_is_refused_naming_it() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("skyport.identity.mails-per-recipient", "0"))) {
            assertThatThrownBy(() -> context.getBean(IdentitySettings.class))
                    .hasStackTraceContaining("skyport.identity.mails-per-recipient must be 1 or more, not 0");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("skyport.identity.access-token-ttl", "2h"))) {
            assertThatThrownBy(() -> context.getBean(IdentitySettings.class))
                    .hasStackTraceContaining("skyport.identity.access-token-ttl must be at most 1h");
        }
    }
}
