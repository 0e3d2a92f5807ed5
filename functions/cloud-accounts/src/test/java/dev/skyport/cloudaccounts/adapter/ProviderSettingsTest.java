package dev.skyport.cloudaccounts.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The providers are the public clouds by default, a host can be moved by its variable, and a wrong value is refused. */
class ProviderSettingsTest {

    @Test
    void the_public_clouds_by_default() {
        try (ApplicationContext context = ApplicationContext.run()) {
            ProviderSettings settings = context.getBean(ProviderSettings.class);
            assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(settings.awsRegion()).isEqualTo("us-east-1");
            assertThat(settings.azureArmHost()).isEqualTo(URI.create("https://management.azure.com"));
            assertThat(settings.gcpStorageHost()).isEqualTo(URI.create("https://storage.googleapis.com"));
            assertThat(settings.gcpTokenEndpoint()).as("Google's own").isEmpty();
        }
    }

    @Test
    void a_host_moves_with_its_variable() {
        try (ApplicationContext context = ApplicationContext.builder().propertySources(PropertySource.of("env",
                Map.of("SKYPORT_PROVIDERS_GCP_TOKEN_URI", "http://127.0.0.1:9000/token",
                        "SKYPORT_PROVIDERS_AZURE_ARM_HOST", "http://127.0.0.1:9001"),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE)).start()) {
            ProviderSettings settings = context.getBean(ProviderSettings.class);
            assertThat(settings.gcpTokenEndpoint()).contains(URI.create("http://127.0.0.1:9000/token"));
            assertThat(settings.azureArmHost()).isEqualTo(URI.create("http://127.0.0.1:9001"));
        }
    }

    @Test
    void an_impossible_setting_is_refused_naming_it() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("skyport.providers.timeout", "0s"))) {
            assertThatThrownBy(() -> context.getBean(ProviderSettings.class))
                    .hasStackTraceContaining("skyport.providers.timeout must be above 0 and at most 1m, not PT0S");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("skyport.providers.gcp-iam-host",
                "iam.googleapis.com"))) {
            assertThatThrownBy(() -> context.getBean(ProviderSettings.class))
                    .hasStackTraceContaining("skyport.providers.gcp-iam-host must be an http(s) URL, not"
                            + " iam.googleapis.com");
        }
    }
}
