package dev.skyport.identity.adapter.argon2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.domain.PlainPassword;
import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {

    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher();

    @Test
    void hashes_with_argon2id_owasp_parameters_and_a_fresh_salt() {
        String first = hasher.hash(new PlainPassword("correct horse"));
        String second = hasher.hash(new PlainPassword("correct horse"));
        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(second);
    }

    @Test
    void matches_only_the_right_password() {
        String hash = hasher.hash(new PlainPassword("correct horse"));
        assertThat(hasher.matches(new PlainPassword("correct horse"), hash)).isTrue();
        assertThat(hasher.matches(new PlainPassword("correct horsf"), hash)).isFalse();
        assertThat(hasher.matches(new PlainPassword("correct horse"), "$2a$10$not-argon")).isFalse();
    }
}
