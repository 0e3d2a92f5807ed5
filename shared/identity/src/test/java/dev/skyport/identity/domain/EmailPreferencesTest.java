package dev.skyport.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.kernel.DomainException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmailPreferencesTest {

    @Test
    void every_kind_is_on_until_turned_off() {
        assertThat(EmailPreferences.DEFAULT.asMap()).containsOnlyKeys(EmailPreferences.KINDS)
                .allSatisfy((kind, on) -> assertThat(on).as(kind).isTrue());
        EmailPreferences chosen = EmailPreferences.chosen(Map.of("cluster.expiring", false,
                "account.security", true));
        assertThat(chosen.wants("cluster.expiring")).isFalse();
        assertThat(chosen.wants("account.security")).isTrue();
        assertThat(chosen.wants("cluster.run-failed")).as("not named: on").isTrue();
        assertThat(chosen.wants("cluster.status.running")).as("no such mail").isFalse();
    }

    @Test
    void an_unknown_kind_or_a_missing_value_is_refused_naming_the_field() {
        assertThatThrownBy(() -> EmailPreferences.chosen(Map.of("cluster.nope", false)))
                .isInstanceOf(DomainException.class).hasMessageContaining("kinds.cluster.nope");
        Map<String, Boolean> missing = new HashMap<>();
        missing.put("cluster.expiring", null);
        assertThatThrownBy(() -> EmailPreferences.chosen(missing))
                .isInstanceOf(DomainException.class).hasMessageContaining("kinds.cluster.expiring");
        assertThatThrownBy(() -> EmailPreferences.chosen(null))
                .isInstanceOf(DomainException.class).hasMessageContaining("kinds");
    }

    @Test
    void security_mails_cannot_be_turned_off_and_a_stored_choice_to_do_so_is_ignored() {
        assertThatThrownBy(() -> EmailPreferences.chosen(Map.of("account.security", false)))
                .isInstanceOf(DomainException.class).hasMessageContaining("kinds.account.security");
        assertThat(new EmailPreferences(Set.of("account.security", "cluster.expiring")).wants("account.security"))
                .isTrue();
    }

    @Test
    void a_stored_kind_this_build_does_not_know_is_dropped() {
        assertThat(new EmailPreferences(Set.of("cluster.expiring", "from.the.future")).off())
                .containsExactly("cluster.expiring");
    }
}
