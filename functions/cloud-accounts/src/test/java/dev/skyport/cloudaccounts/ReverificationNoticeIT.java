package dev.skyport.cloudaccounts;

import static dev.skyport.simulated.LocalAwsServer.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.identity.application.Session;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.LambdaEvents;
import dev.skyport.testing.LocalSnsServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A cloud account that was verified and then fails its re-verification is announced on the platform-events topic
 * (its owner is notified), once per fall: failing again says nothing new, recovering and failing again does.
 */
@MicronautTest
class ReverificationNoticeIT extends CloudAccountsApiTestBase {

    private final LocalSnsServer sns = new LocalSnsServer();

    @Override
    Map<String, String> extraProperties() {
        return Map.of("skyport.aws.endpoints.sns", sns.endpoint().toString(),
                "skyport.events.topic-arn", "arn:aws:sns:eu-west-1:111122223333:platform-events");
    }

    @AfterAll
    void stopSns() {
        sns.close();
    }

    private List<JsonNode> announced() throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (Map<String, String> publish : sns.published()) {
            events.add(LambdaEvents.JSON.readTree(publish.get("Message")));
        }
        return events;
    }

    private boolean verify(Session owner, String id) {
        Reply verified = api.post("/cloud-accounts/" + id + "/verify", null, "Authorization", bearer(owner));
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        return verified.json().path("last_verification").path("ok").asBoolean();
    }

    @Test
    void the_first_failed_reverification_after_a_good_one_is_announced_to_the_owner_once() throws Exception {
        Session owner = signedIn("notice@example.com", "notice");
        String externalId = api.get("/cloud-accounts/aws/external-id", "Authorization", bearer(owner)).json()
                .path("external_id").asText();
        aws.trust(ROLE_ARN, externalId);
        Reply created = api.post("/cloud-accounts", connect("Prod", "aws", Map.of("role_arn", ROLE_ARN)),
                "Authorization", bearer(owner));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(verify(owner, id)).isTrue();
        assertThat(announced()).isEmpty();

        // The customer changes the role's trust policy: Skyport may no longer assume it.
        aws.trust(ROLE_ARN, "skyport-someone-else");
        assertThat(verify(owner, id)).isFalse();
        assertThat(verify(owner, id)).isFalse();

        List<JsonNode> events = announced();
        assertThat(events).hasSize(1);
        JsonNode event = events.getFirst();
        assertThat(event.path("type").asText()).isEqualTo("cloud-account.verification-failed");
        assertThat(event.path("subject").asText()).isEqualTo(owner.user().id().value());
        assertThat(event.path("data").path("cloudAccountId").asText()).isEqualTo(id);
        assertThat(event.path("data").path("name").asText()).isEqualTo("Prod");
        assertThat(event.path("data").path("reason").asText()).isNotBlank();
        assertThat(sns.published().getFirst().toString()).doesNotContain(externalId);

        aws.trust(ROLE_ARN, externalId);
        assertThat(verify(owner, id)).isTrue();
        aws.trust(ROLE_ARN, "skyport-someone-else");
        assertThat(verify(owner, id)).isFalse();
        assertThat(announced()).hasSize(2);
    }
}
