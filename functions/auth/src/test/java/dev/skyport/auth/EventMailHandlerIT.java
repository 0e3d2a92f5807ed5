package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.skyport.identity.application.MailPreferences;
import dev.skyport.identity.config.EventMailSettings;
import dev.skyport.identity.domain.EmailPreferences;
import dev.skyport.kernel.UserId;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSesServer.SentEmail;
import io.micronaut.context.annotation.Property;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The event-mail queue's consumer invoked with the SQS sample of {@code events/} (issue 28): a failed run, delivered
 * twice, is mailed once with its reason and a link to the cluster's console page; a channel turned off is mailed; a
 * kind the person turned off is not; a message that is no event is dropped, not retried.
 */
@MicronautTest
@Property(name = EventMailSettings.CHANNEL_SENDER, value = "AROAEXAMPLE")
class EventMailHandlerIT extends AuthApiTestBase {

    @Test
    void the_sample_mails_a_failed_run_once_though_delivered_twice_and_the_channel_turned_off() {
        String id = verifiedUserLogsIn("ada@example.com", "ada").path("user").path("id").asText();
        EventMailHandler handler = new EventMailHandler(context);

        SQSBatchResponse response = handler.handleRequest(sample(id), new MockLambdaContext());
        handler.handleRequest(sample(id), new MockLambdaContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ses.sentTo("ada@example.com")).filteredOn(email -> email.subject().contains("demo"))
                .singleElement().satisfies(email -> {
                    assertThat(email.subject()).isEqualTo("Skyport: cluster demo is FAILED");
                    assertThat(email.text()).contains("Hello ada,")
                            .contains("TerraformApplyFailed: Error creating EKS Cluster: quota exceeded")
                            .contains("/console/clusters/7c9e6679-7425-40de-944b-e07fc1f90ae7")
                            .contains("PUT /me/notifications/email");
                });
        assertThat(ses.sentTo("ada@example.com")).extracting(SentEmail::subject)
                .containsOnlyOnce("Skyport: your webhook channel was turned off");
    }

    @Test
    void a_kind_turned_off_is_not_mailed() {
        String id = verifiedUserLogsIn("grace@example.com", "grace").path("user").path("id").asText();
        context.getBean(MailPreferences.class).save(new UserId(id),
                new EmailPreferences(Set.of(EmailPreferences.RUN_FAILED)));

        new EventMailHandler(context).handleRequest(sample(id), new MockLambdaContext());

        assertThat(ses.sentTo("grace@example.com")).extracting(SentEmail::subject)
                .noneMatch(subject -> subject.contains("demo"))
                .contains("Skyport: your webhook channel was turned off");
    }

    @Test
    void a_message_that_is_no_event_is_dropped_and_the_others_are_mailed() {
        String id = verifiedUserLogsIn("linus@example.com", "linus").path("user").path("id").asText();
        SQSEvent event = sample(id);
        event.getRecords().getFirst().setBody("{\"not\":\"an event\"");

        SQSBatchResponse response = new EventMailHandler(context).handleRequest(event, new MockLambdaContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ses.sentTo("linus@example.com")).extracting(SentEmail::subject)
                .contains("Skyport: cluster demo is FAILED", "Skyport: your webhook channel was turned off");
    }

    @Test
    void only_the_channel_delivery_may_queue_a_channel_turned_off_and_it_may_queue_nothing_else() {
        String id = verifiedUserLogsIn("mallory-target@example.com", "target").path("user").path("id").asText();
        SQSEvent forged = sample(id);
        // the delivery's role queues a failed run of its own wording; and a channel.disabled comes from elsewhere
        forged.getRecords().get(0).getAttributes().put("SenderId", "AROAEXAMPLE:skyport-channel-delivery");
        forged.getRecords().get(1).getAttributes().put("SenderId", "AROAEXAMPLE:skyport-channel-delivery");
        forged.getRecords().get(2).getAttributes().put("SenderId", "AROAOTHERROLE:someone-else");

        SQSBatchResponse response = new EventMailHandler(context).handleRequest(forged, new MockLambdaContext());

        assertThat(response.getBatchItemFailures()).as("dropped, not retried").isEmpty();
        assertThat(ses.sentTo("mallory-target@example.com")).extracting(SentEmail::subject)
                .as("only the sign-up's verification mail").noneMatch(subject -> subject.startsWith("Skyport:"));
    }

    /** The sample for this person, with event ids of their own: a claim is per event, whoever it is for. */
    private static SQSEvent sample(String userId) {
        return LambdaEvents.read("sqs-event-mail.json", SQSEvent.class, Map.of("USER_ID", userId,
                "4d3c2b1a-0f9e-4d8c-b7a6-958473625140", UUID.nameUUIDFromBytes(userId.getBytes()).toString(),
                "ep_0123456789abcdef0123456789abcdef", "ep_" + userId.replace("-", "")));
    }
}
