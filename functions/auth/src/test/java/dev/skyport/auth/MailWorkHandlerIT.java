package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.skyport.testing.LambdaEvents;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mail queue's consumer invoked with the SQS sample event of {@code events/}, and the request path that feeds it
 * (issue 27.10): forgot and resend enqueue one request whatever the address; the worker sends each request's mail
 * once, however often it is delivered.
 */
@MicronautTest
class MailWorkHandlerIT extends AuthApiTestBase {

    @Test
    void the_sample_event_mails_a_reset_link_to_a_verified_account_and_nothing_to_an_unknown_address() {
        verifiedUserLogsIn("ada@example.com", "ada");
        MailWorkHandler handler = new MailWorkHandler(context);

        SQSBatchResponse response = handler.handleRequest(sample(), new MockLambdaContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ses.sentTo("ada@example.com")).extracting(email -> email.subject())
                .containsOnlyOnce("Reset your Skyport password");
        assertThat(ses.sentTo("nobody@example.com")).isEmpty();
    }

    @Test
    void a_message_delivered_again_sends_nothing_twice() {
        verifiedUserLogsIn("grace@example.com", "grace");
        assertThat(post("/auth/password/forgot", json("email", "grace@example.com")).status()).isEqualTo(202);
        assertThat(ses.latestResetToken("grace@example.com")).isPresent();
        String request = mailQueue.received().getLast();

        mailQueue.redeliver(request);

        assertThat(ses.sentTo("grace@example.com")).filteredOn(email -> email.subject().startsWith("Reset"))
                .hasSize(1);
    }

    @Test
    void a_message_that_is_no_mail_request_is_reported_alone_as_a_batch_item_failure() {
        SQSEvent event = sample();
        event.getRecords().getFirst().setBody("{\"type\":\"sign-up-attempted\"}");

        SQSBatchResponse response = new MailWorkHandler(context).handleRequest(event, new MockLambdaContext());

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().getFirst().getMessageId());
    }

    @Test
    void forgot_and_resend_enqueue_one_request_whatever_the_address_and_only_addresses() {
        verifiedUserLogsIn("linus@example.com", "linus");
        int before = mailQueue.received().size();

        for (String email : List.of("linus@example.com", "unknown@example.com")) {
            assertThat(post("/auth/password/forgot", json("email", email)).status()).isEqualTo(202);
            assertThat(post("/auth/verify/resend", json("email", email)).status()).isEqualTo(202);
        }

        List<String> sent = mailQueue.received().subList(before, mailQueue.received().size());
        assertThat(sent).hasSize(4);
        assertThat(sent).allSatisfy(body -> assertThat(body).doesNotContain("token").doesNotContain(PASSWORD));
        assertThat(sent.get(0)).contains("reset-link-asked").contains("linus@example.com");
        assertThat(sent.get(2)).contains("reset-link-asked").contains("unknown@example.com");
    }

    private static SQSEvent sample() {
        return LambdaEvents.read("sqs-mail-requests.json", SQSEvent.class, Map.of());
    }
}
