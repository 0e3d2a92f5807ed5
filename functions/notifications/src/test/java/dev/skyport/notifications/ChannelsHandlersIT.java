package dev.skyport.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.skyport.identity.testing.People;
import dev.skyport.identity.application.Session;
import dev.skyport.notifications.config.ChannelSettings;
import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSecretsManagerServer;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.LocalSqsServer;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The notifications jar's channel entry points as Lambda calls them, with the samples of {@code events/}: the HTTP
 * routes make a channel (its secret in a Secrets Manager speaking the real protocol), the SNS handler turns a
 * platform event into a delivery sent to an SQS endpoint speaking the real protocol, and the SQS handler sends it,
 * signed, to a receiver on this machine. What is not a delivery message is dropped, not retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelsHandlersIT {

    private final LocalSesServer ses = new LocalSesServer();
    private final LocalSqsServer queue = new LocalSqsServer();
    private final LocalSecretsManagerServer secrets = new LocalSecretsManagerServer();
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private ApplicationContext context;
    private NotificationsHandler http;

    @BeforeAll
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new String[] {exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Map<String, Object> properties = new HashMap<>(SkyportTestProperties.forApp(ses));
        properties.put("skyport.aws.endpoints.sqs", queue.endpoint().toString());
        properties.put(ChannelSettings.QUEUE_URL, queue.queueUrl());
        properties.put("skyport.aws.endpoints.secretsmanager", secrets.endpoint().toString());
        // the receiver is on this machine: only the local platform's setting lets a delivery reach it
        properties.put(ChannelSettings.ALLOW_LOOPBACK_HTTP, "true");
        context = ApplicationContext.builder().properties(properties).properties(HttpApiHandler.IN_LAMBDA)
                .eagerInitSingletons(true).start();
        http = new NotificationsHandler(context);
        ChannelDeliveryHandler delivery = new ChannelDeliveryHandler(context);
        queue.deliverTo(event -> delivery.handleRequest(event, new MockLambdaContext()));
    }

    @AfterAll
    void stop() {
        http.close();
        receiver.stop(0);
        queue.close();
        secrets.close();
        ses.close();
    }

    private APIGatewayV2HTTPResponse invoke(String sample, Session as, Map<String, String> replacements) {
        Map<String, String> all = new HashMap<>(replacements);
        all.put("ACCESS_TOKEN_FROM_LOGIN", as.accessToken());
        return http.handleRequest(LambdaEvents.read(sample, APIGatewayV2HTTPEvent.class, all),
                new MockLambdaContext());
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws IOException {
        return LambdaEvents.JSON.readTree(response.getBody());
    }

    @Test
    void a_channel_made_over_http_gets_the_platform_events_it_asked_for_signed_through_the_queue() throws Exception {
        Session ada = People.signedIn(context, ses, "ada@example.com", "ada");
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        APIGatewayV2HTTPResponse created = invoke("channels-create.json", ada, Map.of("RECEIVER_URL", url));
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        String channel = body(created).path("channel").path("id").asText();
        String secret = body(created).path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(secrets.secrets().values()).singleElement()
                .satisfies(stored -> assertThat(stored.name()).isEqualTo("skyport/channels/" + ada.user().id().value()
                        + "/" + channel));
        assertThat(invoke("channels-list.json", ada, Map.of()).getBody()).contains(channel).doesNotContain(secret);

        new ChannelEventsHandler(context).handleRequest(LambdaEvents.read("sns-cluster-status-changed.json",
                SNSEvent.class, Map.of("EVENT_ID", UUID.randomUUID().toString(),
                        "USER_ID", ada.user().id().value())), new MockLambdaContext());
        queue.awaitDrained(Duration.ofSeconds(20));

        assertThat(received).hasSize(1);
        assertThat(received.getFirst()[0]).startsWith("msg_");
        assertThat(received.getFirst()[1]).startsWith("v1,");
        assertThat(LambdaEvents.JSON.readTree(received.getFirst()[2]).path("type").asText())
                .isEqualTo("cluster.status.running");
        JsonNode history = body(invoke("channels-deliveries.json", ada, Map.of("CHANNEL_ID", channel)));
        assertThat(history.path("deliveries").get(0).path("status_code").asInt()).isEqualTo(204);

        // a queue message delivered again (at least once) sends nothing twice
        queue.redeliver(queue.received().getFirst());
        queue.awaitDrained(Duration.ofSeconds(20));
        assertThat(received).hasSize(1);

        APIGatewayV2HTTPResponse test = invoke("channels-test.json", ada, Map.of("CHANNEL_ID", channel));
        assertThat(test.getStatusCode()).as(test.getBody()).isEqualTo(202);
        queue.awaitDrained(Duration.ofSeconds(20));
        assertThat(received).hasSize(2);
    }

    @Test
    void a_url_to_the_metadata_service_is_refused_naming_the_field() throws Exception {
        Session bob = People.signedIn(context, ses, "bob@example.com", "bob");
        APIGatewayV2HTTPResponse refused = invoke("channels-create-invalid.json", bob, Map.of());
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(body(refused).path("type").asText()).endsWith("/invalid-url");
        assertThat(body(refused).path("detail").asText()).startsWith("url ");
    }

    @Test
    void the_sample_queue_messages_are_dropped_when_their_delivery_does_not_exist_or_they_are_not_deliveries() {
        SQSBatchResponse response = new ChannelDeliveryHandler(context).handleRequest(LambdaEvents.read(
                "sqs-channel-deliveries.json", SQSEvent.class, Map.of("USER_ID", UUID.randomUUID().toString(),
                        "CHANNEL_ID", "ep_nothing", "DELIVERY_ID", "msg_nothing")), new MockLambdaContext());
        assertThat(response.getBatchItemFailures()).isEmpty();
    }
}
