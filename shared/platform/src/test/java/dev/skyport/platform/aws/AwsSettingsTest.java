package dev.skyport.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.platform.config.EnvironmentNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the AWS clients go: nothing to set in AWS, an endpoint per service from the variables, wrong values refused. */
class AwsSettingsTest {

    @Test
    void the_defaults_hold_when_nothing_is_set() {
        try (ApplicationContext context = ApplicationContext.run()) {
            AwsSettings settings = context.getBean(AwsSettings.class);
            assertThat(settings.region()).isEqualTo(System.getenv().getOrDefault("AWS_REGION",
                    AwsSettings.DEFAULT_REGION));
            assertThat(settings.endpointFor("dynamodb")).isEmpty();
            assertThat(settings.staticCredentials()).isEmpty();
            assertThat(settings.account()).isEmpty();
        }
    }

    @Test
    void a_service_endpoint_from_its_variable_wins_over_the_common_one() {
        try (ApplicationContext context = ApplicationContext.builder().propertySources(PropertySource.of("env",
                Map.of("SKYPORT_AWS_ENDPOINTS_DYNAMODB", "http://127.0.0.1:8000",
                        EnvironmentNames.of(AwsSettings.ENDPOINT), "http://localhost:4566",
                        EnvironmentNames.of(AwsSettings.ACCOUNT_ID), "111122223333",
                        "SKYPORT_AWS_ACCESS_KEY_ID", "local", "SKYPORT_AWS_SECRET_ACCESS_KEY", "local"),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE)).start()) {
            AwsSettings settings = context.getBean(AwsSettings.class);
            assertThat(settings.endpointFor("dynamodb")).contains(URI.create("http://127.0.0.1:8000"));
            assertThat(settings.endpointFor("sts")).contains(URI.create("http://localhost:4566"));
            assertThat(settings.account()).contains("111122223333");
            assertThat(settings.staticCredentials()).hasValueSatisfying(keys ->
                    assertThat(keys.accessKeyId()).isEqualTo("local"));
        }
    }

    /**
     * Deployed, nothing sets skyport.aws.region: the clients must go to the region the function runs in, which
     * Lambda announces as AWS_REGION (the SDK reads the aws.region system property first, as here).
     */
    @Test
    void unset_the_region_is_the_one_the_function_runs_in_and_the_setting_wins_over_it() {
        String before = System.getProperty("aws.region");
        System.setProperty("aws.region", "eu-central-1");
        try {
            try (ApplicationContext context = ApplicationContext.run()) {
                assertThat(context.getBean(AwsSettings.class).region()).isEqualTo("eu-central-1");
            }
            try (ApplicationContext context = ApplicationContext.run(Map.of(AwsSettings.REGION, "ap-south-1"))) {
                assertThat(context.getBean(AwsSettings.class).region()).isEqualTo("ap-south-1");
            }
        } finally {
            if (before == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", before);
            }
        }
    }

    @Test
    void an_impossible_setting_is_refused_naming_it() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(AwsSettings.ACCOUNT_ID, "skyport"))) {
            assertThatThrownBy(() -> context.getBean(AwsSettings.class))
                    .hasStackTraceContaining("skyport.aws.account-id must be a 12-digit AWS account id, not skyport");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("skyport.aws.endpoints.sts", "localhost:4566"))) {
            assertThatThrownBy(() -> context.getBean(AwsSettings.class))
                    .hasStackTraceContaining("skyport.aws.endpoints.sts must be an http(s) URL, not localhost:4566");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(AwsSettings.REGION, "EU West"))) {
            assertThatThrownBy(() -> context.getBean(AwsSettings.class))
                    .hasStackTraceContaining("skyport.aws.region must be an AWS region");
        }
    }
}
