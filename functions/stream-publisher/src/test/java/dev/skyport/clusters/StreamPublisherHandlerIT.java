package dev.skyport.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSnsServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream publisher invoked with the DynamoDB stream samples of {@code events/}, publishing to a local SNS. */
class StreamPublisherHandlerIT {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:platform-events";

    private final LocalSnsServer sns = new LocalSnsServer();
    private StreamPublisherHandler handler;
    private dev.skyport.platform.dynamodb.TableNames tables;

    @BeforeEach
    void start() {
        tables = DynamoDbLocalFixture.freshTables();
        Map<String, Object> properties = new HashMap<>(DynamoDbLocalFixture.properties(tables));
        properties.put("skyport.aws.endpoints.sns", sns.endpoint().toString());
        properties.put("skyport.events.topic-arn", TOPIC);
        handler = new StreamPublisherHandler(ApplicationContext.builder().properties(properties)
                .eagerInitSingletons(true).start());
    }

    @AfterEach
    void stop() {
        handler.close();
        sns.close();
    }

    private StreamsEventResponse invoke(String sample) {
        return handler.handleRequest(LambdaEvents.read(sample, DynamodbEvent.class, Map.of()),
                new MockLambdaContext());
    }

    private List<JsonNode> publishedEvents() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (Map<String, String> publish : sns.published()) {
            assertThat(publish).containsEntry("TopicArn", TOPIC);
            events.add(LambdaEvents.JSON.readTree(publish.get("Message")));
        }
        return events;
    }

    /**
     * Each status change is a workflow transition in the audit log, in the cluster owner's entries; a batch handled
     * again (Lambda's retry) keeps one entry per record, not two.
     */
    @Test
    void each_status_change_is_one_workflow_transition_in_the_owner_s_audit_log_even_when_handled_twice() {
        invoke("dynamodb-stream-clusters.json");
        invoke("dynamodb-stream-clusters.json");
        var items = DynamoDbLocalFixture.client().scan(b -> b.tableName(tables.nameOf(
                dev.skyport.platform.dynamodb.SkyportTables.AUDIT))).items();
        assertThat(items).hasSize(3).allSatisfy(item -> {
            assertThat(item.get("action").s()).isEqualTo("clusterTransition");
            assertThat(item.get("actorKind").s()).isEqualTo("workflow");
            assertThat(item.get("owner").s()).isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
            assertThat(item.get("resource").s()).isEqualTo("/clusters/7c9e6679-7425-40de-944b-e07fc1f90ae7");
        });
        assertThat(items).extracting(item -> item.get("detail").s().replaceAll(" \\(run .*\\)", ""))
                .containsExactlyInAnyOrder("REQUESTED", "REQUESTED -> PROVISIONING", "PROVISIONING -> RUNNING");
    }

    @Test
    void each_status_change_of_a_cluster_is_one_event_in_stream_order_and_nothing_else_is() throws Exception {
        StreamsEventResponse response = invoke("dynamodb-stream-clusters.json");

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> events = publishedEvents();
        assertThat(events).extracting(event -> event.path("data").path("status").asText())
                .containsExactly("REQUESTED", "PROVISIONING", "RUNNING");
        assertThat(events).extracting(event -> event.path("data").path("previous").asText())
                .containsExactly("", "REQUESTED", "PROVISIONING");
        JsonNode running = events.get(2);
        assertThat(running.path("id").asText()).isEqualTo("c1a0f5e2b7d94e2a8f6b3c1d0e9f8a75");
        assertThat(running.path("type").asText()).isEqualTo("cluster.status-changed");
        assertThat(running.path("subject").asText()).isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(running.path("occurred_at").asText()).isEqualTo("2026-11-23T19:10:00Z");
        assertThat(running.path("data").path("clusterId").asText()).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(running.path("data").path("runId").asText()).isEqualTo("019a8f3e-5b2c-7d41-9a1e-3c5d7e9f1a2b");
        assertThat(running.path("data").path("version").asText()).isEqualTo("3");
        assertThat(sns.published().get(2)).containsValue("cluster.status-changed").containsValue("RUNNING");
    }

    @Test
    void a_poisoned_record_is_reported_alone_and_nothing_after_it_is_published() throws Exception {
        StreamsEventResponse response = invoke("dynamodb-stream-poisoned.json");

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("200000000002");
        assertThat(publishedEvents()).extracting(event -> event.path("data").path("status").asText())
                .containsExactly("DELETING");
    }

    @Test
    void when_the_topic_refuses_the_first_status_change_is_reported_and_none_is_lost() throws Exception {
        sns.failing(true);
        StreamsEventResponse refused = invoke("dynamodb-stream-clusters.json");
        assertThat(refused.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("100000000001");
        assertThat(sns.published()).isEmpty();

        sns.failing(false);
        assertThat(invoke("dynamodb-stream-clusters.json").getBatchItemFailures()).isEmpty();
        assertThat(publishedEvents()).extracting(event -> event.path("data").path("status").asText())
                .containsExactly("REQUESTED", "PROVISIONING", "RUNNING");
    }
}
