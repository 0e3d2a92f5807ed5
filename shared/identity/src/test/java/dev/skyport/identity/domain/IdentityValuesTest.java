package dev.skyport.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityValuesTest {

    @Test
    void emails_compare_case_insensitively() {
        assertThat(new EmailAddress(" Ada@Example.COM ")).isEqualTo(new EmailAddress("ada@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ada", "ada@", "@example.com", "ada@example", "a b@example.com", "a@b@example.com"})
    void malformed_emails_are_invalid_input(String email) {
        assertThatThrownBy(() -> new EmailAddress(email)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.slug()).isEqualTo("invalid-email"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "ada.lovelace", "a-b_c.d", "012345678901234567890123456789"})
    void usernames_of_3_to_30_allowed_characters_are_valid(String username) {
        assertThat(new Username(username).value()).isEqualTo(username);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Ada", "ada!", "with space", "0123456789012345678901234567890"})
    void other_usernames_are_invalid(String username) {
        assertThatThrownBy(() -> new Username(username)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
    }

    @Test
    void a_chosen_password_has_8_to_128_characters() {
        assertThat(PlainPassword.chosen("12345678").value()).hasSize(8);
        assertThat(PlainPassword.chosen("x".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> PlainPassword.chosen("1234567")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> PlainPassword.chosen("x".repeat(129))).isInstanceOf(DomainException.class);
    }

    @Test
    void a_password_never_prints() {
        assertThat(PlainPassword.chosen("hunter2hunter2").toString()).doesNotContain("hunter2");
    }
}
