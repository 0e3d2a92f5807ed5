package dev.skyport.notifications.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventTypes;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.domain.ChannelEvent;
import dev.skyport.notifications.domain.ChannelKinds;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which platform events reach a person's channels, and as what. */
class ChannelRulesTest {

    private static final UserId ADA = new UserId("0f8fad5b-d9cb-469f-a165-70867728950e");

    /** A change of two-factor sign-in is a security event of the account, as a password change is. */
    @Test
    void a_change_of_two_factor_sign_in_is_a_security_event_of_the_account() {
        DomainEvent envelope = DomainEvent.of(new PlatformEvent.SecondFactorChanged(ADA,
                PlatformEvent.SecondFactorChanged.Change.DISABLED), Instant.parse("2026-12-07T00:00:00Z"));

        ChannelEvent event = ChannelRules.of(envelope, "https://skyport.example").orElseThrow();

        assertThat(event.owner()).isEqualTo(ADA);
        assertThat(event.matches()).containsExactly(ChannelKinds.SECURITY);
        assertThat(event.data()).containsEntry("event", "second-factor-disabled");
        assertThat(event.title()).contains("turned off");
        assertThat(ChannelRules.EVENT_TYPES).as("the channel-events function's SNS filter")
                .contains(EventTypes.SECOND_FACTOR_CHANGED);
    }
}
