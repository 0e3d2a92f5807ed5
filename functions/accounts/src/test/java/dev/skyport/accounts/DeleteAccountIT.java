package dev.skyport.accounts;

import static dev.skyport.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.identity.domain.PlainPassword;
import dev.skyport.identity.domain.Username;
import dev.skyport.kernel.DomainException;
import dev.skyport.testing.ApiClient.Reply;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@MicronautTest
class DeleteAccountIT extends AccountsApiTestBase {

    @Inject
    Sessions sessions;

    @Test
    void deleting_removes_every_trace_and_announces_user_deleted() {
        Session session = signedIn("gone@example.com", "gone-soon");
        Session other = passwordLogin.login("gone-soon", new PlainPassword(PASSWORD), "127.0.0.1");
        String userId = session.user().id().value();

        api.delete("/me", json("password", "wrong password"), "Authorization", bearer(session))
                .isProblem(403, "wrong-password");
        assertThat(itemsMentioning(userId)).isNotEmpty();

        Reply deleted = api.delete("/me", json("password", PASSWORD), "Authorization", bearer(session));
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c).contains("Max-Age=0"));

        assertThat(itemsMentioning(userId)).isEmpty();
        assertThat(itemsMentioning("gone@example.com")).isEmpty();
        assertThat(itemsMentioning("gone-soon")).isEmpty();
        api.get("/me", "Authorization", bearer(session)).isProblem(401, "account-gone");
        assertThatThrownBy(() -> sessions.refresh(other.refreshToken())).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> passwordLogin.login("gone@example.com", new PlainPassword(PASSWORD), "127.0.0.1"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.slug()).isEqualTo("invalid-credentials"));

        assertThat(sns.published()).anySatisfy(publish -> {
            assertThat(publish).containsEntry("Action", "Publish").containsEntry("TopicArn", TOPIC);
            assertThat(publish.get("Message")).contains("\"type\":\"user.deleted\"")
                    .contains("\"subject\":\"" + userId + "\"");
        });

        // the address and the name are free again
        signUp.signUp(new EmailAddress("gone@example.com"), new Username("gone-soon"), PlainPassword.chosen(PASSWORD));
        assertThat(ses.latestVerificationToken("gone@example.com")).isPresent();
    }

    @Test
    void when_the_topic_is_down_the_account_is_still_deleted_and_the_event_stays_pending() {
        Session session = signedIn("pending@example.com", "pending");
        String userId = session.user().id().value();
        sns.failing(true);
        try {
            assertThat(api.delete("/me", json("password", PASSWORD), "Authorization", bearer(session)).status())
                    .isEqualTo(204);
        } finally {
            sns.failing(false);
        }
        assertThat(itemsMentioning(userId)).singleElement().satisfies(item -> {
            assertThat(item.get("pk").s()).isEqualTo("OUTBOX");
            assertThat(item.get("type").s()).isEqualTo("user.deleted");
        });
        assertThat(sns.published()).noneSatisfy(p -> assertThat(p.get("Message")).contains(userId));

        // the scheduled relay publishes it once the topic is back, then forgets it
        PendingEventsHandler relay = new PendingEventsHandler(server.getApplicationContext());
        assertThat(relay.handleRequest(new ScheduledEvent(), new MockLambdaContext())).isEqualTo(1);
        assertThat(sns.published()).anySatisfy(p -> assertThat(p.get("Message")).contains(userId)
                .contains("user.deleted"));
        assertThat(itemsMentioning(userId)).isEmpty();
        assertThat(relay.handleRequest(new ScheduledEvent(), new MockLambdaContext())).isZero();
    }

    @Test
    void deleting_needs_proof() {
        Session session = signedIn("proof@example.com", "proof");
        api.delete("/me", "{}", "Authorization", bearer(session)).isProblem(400, "proof-required");
        api.delete("/me", null, "Authorization", bearer(session)).isProblem(400, "proof-required");
        api.delete("/me", json("password", PASSWORD)).isProblem(401, "unauthenticated");
        assertThat(api.get("/me", "Authorization", bearer(session)).status()).isEqualTo(200);
    }

    @Test
    void a_google_account_deletes_itself_with_a_fresh_google_token() {
        Session session = passwordlessGoogleUser();
        assertThat(api.delete("/me", json("google_id_token", google.idToken("g-del", "del@gmail.com")),
                "Authorization", bearer(session)).status()).isEqualTo(204);
        assertThat(itemsMentioning(session.user().id().value())).isEmpty();
    }

    @Test
    void the_last_admin_cannot_delete_itself() {
        Session admin = signedIn("boss@example.com", "the-boss");
        api.delete("/me", json("password", PASSWORD), "Authorization", bearer(admin)).isProblem(409, "last-admin");
        assertThat(api.get("/me", "Authorization", bearer(admin)).status()).isEqualTo(200);
    }

    private Session passwordlessGoogleUser() {
        return server.getApplicationContext().getBean(dev.skyport.identity.application.GoogleSignIn.class)
                .signIn(google.idToken("g-del", "del@gmail.com"));
    }
}
