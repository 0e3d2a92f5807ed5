package dev.skyport.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.platform.events.SnsEventPublisher.EventMessage;
import io.micronaut.serde.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every event of the published language survives its trip over the wire (the SNS message) unchanged. */
class PlatformEventTest {

    private static final UserId ADA = new UserId("0a216004-1f18-49bb-af73-ee6c2be3f753");
    private static final Instant AT = Instant.parse("2026-12-06T08:00:00Z");

    private static final List<PlatformEvent> EVERY_KIND = List.of(
            new PlatformEvent.UserDeleted(ADA),
            new PlatformEvent.PasswordChanged(ADA, PlatformEvent.PasswordChanged.How.RESET),
            new PlatformEvent.PasswordChanged(ADA, PlatformEvent.PasswordChanged.How.FIRST),
            new PlatformEvent.GoogleLinked(ADA, "ada@example.com"),
            new PlatformEvent.SecondFactorChanged(ADA, PlatformEvent.SecondFactorChanged.Change.ENABLED),
            new PlatformEvent.SecondFactorChanged(ADA, PlatformEvent.SecondFactorChanged.Change.RESET_BY_ADMIN),
            new PlatformEvent.CloudAccountVerificationFailed(ADA, "a-1", "Prod", "aws", "cloud-credentials-expired"),
            new PlatformEvent.ClusterStatusChanged(ADA, "7c9e6679-7425-40de-944b-e07fc1f90ae7", "demo", "FAILED",
                    Optional.of("PROVISIONING"), Optional.of("cancelled"), Optional.of("0193a1b2"), 4),
            new PlatformEvent.ClusterStatusChanged(ADA, "7c9e6679-7425-40de-944b-e07fc1f90ae7", "demo", "REQUESTED",
                    Optional.empty(), Optional.empty(), Optional.of("0193a1b2"), 1));

    @Test
    void each_event_is_the_same_after_the_sns_message_is_written_and_read() throws Exception {
        ObjectMapper json = ObjectMapper.getDefault();
        for (PlatformEvent event : EVERY_KIND) {
            DomainEvent sent = DomainEvent.of(event, AT);
            DomainEvent received = EventMessage.read(json, json.writeValueAsString(EventMessage.of(sent)));
            assertThat(received).isEqualTo(sent);
            assertThat(received.payload()).as(event.type()).contains(event);
            assertThat(received.subject()).isEqualTo(ADA.value());
        }
    }

    @Test
    void a_type_this_build_does_not_know_is_no_event_to_act_on() {
        assertThat(new DomainEvent("e-1", "cluster.upgraded", ADA.value(), AT, Map.of("clusterId", "c")).payload())
                .isEmpty();
    }

    @Test
    void a_known_event_without_a_field_it_always_has_is_refused_naming_the_field() {
        Map<String, String> data = new HashMap<>(new PlatformEvent.ClusterStatusChanged(ADA, "c-1", "demo",
                "RUNNING", Optional.empty(), Optional.empty(), Optional.empty(), 2).data());
        data.remove("version");
        assertThatThrownBy(() -> new DomainEvent("e-2", EventTypes.CLUSTER_STATUS_CHANGED, ADA.value(), AT, data)
                .payload()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        data.put("version", "three");
        assertThatThrownBy(() -> new DomainEvent("e-3", EventTypes.CLUSTER_STATUS_CHANGED, ADA.value(), AT, data)
                .payload()).hasMessageContaining("version");
        assertThatThrownBy(() -> new DomainEvent("e-5", EventTypes.USER_DELETED, "not-a-user", AT, Map.of())
                .payload()).hasMessageContaining("subject");
    }

    @Test
    void a_password_change_that_does_not_say_how_or_says_it_in_words_unknown_here_reads_as_changed() {
        assertThat(new DomainEvent("e-6", EventTypes.PASSWORD_CHANGED, ADA.value(), AT, Map.of()).payload())
                .contains(new PlatformEvent.PasswordChanged(ADA, PlatformEvent.PasswordChanged.How.CHANGED));
        // Still a password change: the person's other sessions and live connections must end all the same.
        assertThat(new DomainEvent("e-4", EventTypes.PASSWORD_CHANGED, ADA.value(), AT, Map.of("how", "by-passkey"))
                .payload()).contains(new PlatformEvent.PasswordChanged(ADA, PlatformEvent.PasswordChanged.How.CHANGED));
    }
}
