package dev.skyport.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.kernel.EventPublisher;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

class InitializationTest {

    @Test
    void singletons_are_built_up_front_only_when_init_is_off_the_request_path() {
        assertThat(Initialization.eager("snap-start")).isTrue();
        assertThat(Initialization.eager("provisioned-concurrency")).isTrue();
        // A person waits for an on-demand init; tests and the local platform set nothing.
        assertThat(Initialization.eager("on-demand")).isFalse();
        assertThat(Initialization.eager(null)).isFalse();
    }

    @Test
    void on_demand_an_aws_client_is_built_when_first_needed_and_off_the_request_path_before_any_request() {
        Map<String, Object> region = Map.of("skyport.aws.region", "eu-west-1");
        try (ApplicationContext onDemand = Initialization.contextBuilder(false).properties(region).start()) {
            assertThat(onDemand.getActiveBeanRegistrations(DynamoDbClient.class)).isEmpty();
            onDemand.getBean(DynamoDbClient.class);
            assertThat(onDemand.getActiveBeanRegistrations(DynamoDbClient.class)).hasSize(1);
        }
        try (ApplicationContext snapStart = Initialization.contextBuilder(true).properties(region).start()) {
            assertThat(snapStart.getActiveBeanRegistrations(DynamoDbClient.class)).hasSize(1);
        }
    }

    @Test
    void on_demand_a_request_that_announces_nothing_does_not_build_the_sns_client() {
        try (ApplicationContext onDemand = Initialization.contextBuilder(false).properties(Map.of(
                "skyport.aws.region", "eu-west-1",
                "skyport.events.topic-arn", "arn:aws:sns:eu-west-1:123456789012:platform-events")).start()) {
            onDemand.getBean(EventPublisher.class);
            assertThat(onDemand.getActiveBeanRegistrations(SnsClient.class)).isEmpty();
        }
    }
}
