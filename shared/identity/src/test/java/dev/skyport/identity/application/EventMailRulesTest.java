package dev.skyport.identity.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.EventMailRules.EventMessage;
import dev.skyport.identity.domain.EmailPreferences;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventTypes;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventMailRulesTest {

    private static final UserId ADA = new UserId("0b0e8a52-2b8e-4a53-9a55-3c9d0c4f9b11");
    private static final String CONSOLE = "https://skyport.example/console";

    private static Optional<EventMessage> mail(PlatformEvent event) {
        return EventMailRules.of(DomainEvent.of(event, Instant.parse("2026-12-07T02:00:00Z")), CONSOLE);
    }

    @Test
    void every_failed_status_is_a_run_failed_mail_with_the_reason_and_a_link_to_the_console_page() {
        for (String status : new String[] {"FAILED", "UPDATE_FAILED", "DELETE_FAILED"}) {
            EventMessage message = mail(new PlatformEvent.ClusterStatusChanged(ADA, "c-1", "web", status,
                    Optional.of("PROVISIONING"), Optional.of("TerraformApplyFailed: quota"), Optional.of("run-1"), 2))
                    .orElseThrow();
            assertThat(message.kind()).isEqualTo(EmailPreferences.RUN_FAILED);
            assertThat(message.subject()).isEqualTo("Skyport: cluster web is " + status);
            assertThat(message.text()).contains("TerraformApplyFailed: quota").contains("run-1")
                    .contains(CONSOLE + "/clusters/c-1").contains("(was PROVISIONING)");
        }
    }

    @Test
    void other_statuses_sign_outs_and_deletions_are_not_mailed() {
        assertThat(mail(new PlatformEvent.ClusterStatusChanged(ADA, "c-1", "web", "RUNNING", Optional.empty(),
                Optional.empty(), Optional.empty(), 1))).isEmpty();
        assertThat(mail(new PlatformEvent.SessionEnded(ADA, "s-1"))).isEmpty();
        assertThat(mail(new PlatformEvent.UserDeleted(ADA))).isEmpty();
        assertThat(EventMailRules.of(new DomainEvent("e-1", "cluster.something-new", ADA.value(), Instant.EPOCH,
                Map.of()), CONSOLE)).as("a type this build does not know").isEmpty();
        assertThat(EventMailRules.of(new DomainEvent("e-2", EventTypes.CLUSTER_EXPIRING, ADA.value(), Instant.EPOCH,
                Map.of()), CONSOLE)).as("a malformed event").isEmpty();
    }

    @Test
    void expiries_verification_failures_security_events_and_a_channel_turned_off_have_their_kinds() {
        assertThat(mail(new PlatformEvent.ClusterExpiring(ADA, "c-2", "tmp", "2026-12-08T00:00:00Z",
                "within-an-hour"))).get().satisfies(message -> {
                    assertThat(message.kind()).isEqualTo(EmailPreferences.EXPIRING);
                    assertThat(message.subject()).isEqualTo("Skyport: cluster tmp expires within an hour");
                    assertThat(message.text()).contains("2026-12-08T00:00:00Z").contains(CONSOLE + "/clusters/c-2");
                });
        assertThat(mail(new PlatformEvent.CloudAccountVerificationFailed(ADA, "ca-1", "prod", "aws",
                "credentials-rejected"))).get().satisfies(message -> {
                    assertThat(message.kind()).isEqualTo(EmailPreferences.VERIFICATION_FAILED);
                    assertThat(message.text()).contains("credentials-rejected").contains(CONSOLE + "/cloud-accounts/ca-1");
                });
        assertThat(mail(new PlatformEvent.PasswordChanged(ADA, PlatformEvent.PasswordChanged.How.RESET))).get()
                .satisfies(message -> {
                    assertThat(message.kind()).isEqualTo(EmailPreferences.SECURITY);
                    assertThat(message.subject()).isEqualTo("Your Skyport password was reset");
                });
        assertThat(mail(new PlatformEvent.SecondFactorChanged(ADA,
                PlatformEvent.SecondFactorChanged.Change.DISABLED))).get()
                .extracting(EventMessage::kind).isEqualTo(EmailPreferences.SECURITY);
        assertThat(mail(new PlatformEvent.GoogleLinked(ADA, "ada@gmail.com"))).get()
                .extracting(EventMessage::kind).isEqualTo(EmailPreferences.SECURITY);
        assertThat(mail(new PlatformEvent.ChannelDisabled(ADA, "ep_1", "slack", "2026-12-06T02:00:00Z"))).get()
                .satisfies(message -> {
                    assertThat(message.kind()).isEqualTo(EmailPreferences.CHANNEL_DISABLED);
                    assertThat(message.subject()).isEqualTo("Skyport: your slack channel was turned off");
                    assertThat(message.text()).contains("ep_1").contains("2026-12-06T02:00:00Z");
                });
    }

    @Test
    void the_topic_subscription_names_every_type_that_mails_except_the_one_that_is_on_no_topic() {
        assertThat(EventMailRules.EVENT_TYPES).containsAll(EventMailRules.TOPIC_EVENT_TYPES)
                .contains(EventTypes.CHANNEL_DISABLED);
        assertThat(EventMailRules.TOPIC_EVENT_TYPES).doesNotContain(EventTypes.CHANNEL_DISABLED,
                EventTypes.USER_DELETED, EventTypes.SESSION_ENDED);
    }
}
