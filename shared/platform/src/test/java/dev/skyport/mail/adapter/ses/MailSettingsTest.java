package dev.skyport.mail.adapter.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The sender is what SES takes as a From: an address, or a name and an address; anything else stops the start. */
class MailSettingsTest {

    @Test
    void an_address_or_a_named_address_is_a_sender_and_other_text_is_refused_naming_the_setting() {
        assertThat(new MailSettings("noreply@skyport.example").sender()).isEqualTo("noreply@skyport.example");
        assertThat(new MailSettings("Skyport <noreply@skyport.example>").sender()).contains("<noreply@");
        assertThat(new MailSettings(null).sender()).isNull();
        for (String wrong : new String[] {"noreply", "Skyport <noreply>", "a@b.example>", "two@a.example three@b.c"}) {
            assertThatThrownBy(() -> new MailSettings(wrong)).as(wrong).hasMessageContaining("skyport.mail.sender");
        }
    }
}
