package dev.skyport.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.identity.application.Session;
import dev.skyport.identity.testing.People;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.notifications.application.NotificationInbox;
import dev.skyport.platform.lambda.HttpApiHandler;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSesServer;
import dev.skyport.testing.SkyportTestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The notifications Lambda handler invoked with the samples of {@code events/}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsHandlerIT {

    private final LocalSesServer ses = new LocalSesServer();
    private ApplicationContext context;
    private NotificationsHandler http;

    @BeforeAll
    void start() {
        context = ApplicationContext.builder().properties(new HashMap<>(SkyportTestProperties.forApp(ses)))
                .properties(HttpApiHandler.IN_LAMBDA).eagerInitSingletons(true).start();
        http = new NotificationsHandler(context);
    }

    @AfterAll
    void stop() {
        http.close();
        ses.close();
    }

    private String notify(Session session, String status) {
        DomainEvent event = DomainEvent.of(new PlatformEvent.ClusterStatusChanged(session.user().id(),
                UUID.randomUUID().toString(), "demo", status, Optional.of("PROVISIONING"), Optional.empty(),
                Optional.empty(), 3), Instant.now());
        return context.getBean(NotificationInbox.class).deliver(event).orElseThrow().id();
    }

    private APIGatewayV2HTTPResponse invoke(String sample, Session as, String id) throws IOException {
        return http.handleRequest(LambdaEvents.read(sample, APIGatewayV2HTTPEvent.class,
                Map.of("ACCESS_TOKEN_FROM_LOGIN", as.accessToken(), "NOTIFICATION_ID", id)), new MockLambdaContext());
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws IOException {
        return LambdaEvents.JSON.readTree(response.getBody());
    }

    @Test
    void the_samples_list_count_read_and_delete_a_persons_notifications_and_nobody_elses() throws Exception {
        Session ada = People.signedIn(context, ses, "ada@example.com", "ada");
        Session bob = People.signedIn(context, ses, "bob@example.com", "bob");
        String running = notify(ada, "RUNNING");
        String deleted = notify(ada, "DELETED");
        String bobs = notify(bob, "RUNNING");

        JsonNode list = body(invoke("notifications-list.json", ada, ""));
        assertThat(list.path("notifications").findValuesAsText("id")).containsExactly(deleted, running);
        assertThat(list.path("notifications").get(0).path("title").asText()).isEqualTo("Cluster demo is deleted");
        assertThat(body(invoke("notifications-unread-count.json", ada, "")).path("unread").asLong()).isEqualTo(2);

        assertThat(invoke("notifications-read.json", ada, running).getStatusCode()).isEqualTo(204);
        assertThat(body(invoke("notifications-unread-count.json", ada, "")).path("unread").asLong()).isEqualTo(1);
        for (String sample : List.of("notifications-read.json", "notifications-delete.json")) {
            APIGatewayV2HTTPResponse foreign = invoke(sample, ada, bobs);
            assertThat(foreign.getStatusCode()).as(sample).isEqualTo(404);
            assertThat(foreign.getBody()).contains("notification-not-found");
        }
        assertThat(body(invoke("notifications-unread-count.json", bob, "")).path("unread").asLong()).isEqualTo(1);

        assertThat(body(invoke("notifications-read-all.json", ada, "")).path("marked").asInt()).isEqualTo(1);
        assertThat(body(invoke("notifications-unread-count.json", ada, "")).path("unread").asLong()).isZero();
        assertThat(invoke("notifications-delete.json", ada, deleted).getStatusCode()).isEqualTo(204);
        assertThat(invoke("notifications-delete.json", ada, deleted).getStatusCode()).isEqualTo(404);
        assertThat(body(invoke("notifications-list.json", ada, "")).path("notifications")).isEmpty();
    }

    @Test
    void the_sample_with_a_flag_that_is_neither_true_nor_false_is_refused_naming_it() throws Exception {
        Session cy = People.signedIn(context, ses, "cyd@example.com", "cyd");
        notify(cy, "RUNNING");
        APIGatewayV2HTTPResponse refused = invoke("notifications-list-loose-flag.json", cy, "");
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(400);
        assertThat(body(refused).path("type").asText()).isEqualTo("https://skyport.dev/problems/malformed-request");
        assertThat(body(refused).path("detail").asText()).isEqualTo("unread must be true or false");
    }
}
