package dev.skyport.identity.adapter.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.platform.config.EnvironmentNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Google sign-in is off until CDK's variable names the client; Google's keys are where Google keeps them. */
class GoogleSettingsTest {

    @Test
    void google_sign_in_is_off_by_default_and_on_with_the_variable() {
        try (ApplicationContext context = ApplicationContext.run()) {
            GoogleSettings settings = context.getBean(GoogleSettings.class);
            assertThat(settings.client()).isEmpty();
            assertThat(settings.jwksUrl()).isEqualTo(URI.create("https://www.googleapis.com/oauth2/v3/certs"));
            assertThat(settings.authorizationUrl())
                    .isEqualTo(URI.create("https://accounts.google.com/o/oauth2/v2/auth"));
        }
        try (ApplicationContext context = ApplicationContext.builder().propertySources(PropertySource.of("env",
                Map.of(EnvironmentNames.of(GoogleSettings.CLIENT_ID), "web.apps.googleusercontent.com"),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE)).start()) {
            assertThat(context.getBean(GoogleSettings.class).client()).contains("web.apps.googleusercontent.com");
        }
    }

    @Test
    void a_key_address_that_is_no_url_is_refused_naming_the_setting() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(GoogleSettings.JWKS_URL, "googleapis.com"))) {
            assertThatThrownBy(() -> context.getBean(GoogleSettings.class))
                    .hasStackTraceContaining("skyport.google.jwks-url must be an http(s) URL, not googleapis.com");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(GoogleSettings.AUTHORIZATION_URL,
                "javascript:alert(1)"))) {
            assertThatThrownBy(() -> context.getBean(GoogleSettings.class))
                    .hasStackTraceContaining("skyport.google.authorization-url must be an http(s) URL");
        }
    }
}
