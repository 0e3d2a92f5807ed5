package dev.skyport.identity.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class AesGcmSecondFactorKeysTest {

    private static final String OLD = "Jq8vT2mXw4Lr9KbN6cYh3PdZ1sFg7VtA5eRu0WxQ2nMk8BjH4LpC6DyE9GzS3aT1";
    private static final String NEW = "Zr4Nw8QbX2mK6tLp9VcY1HdJ5sFg3RtA7eWu0BxQ8nMk2CjH6LpD4ySe1GzT9aP3";
    private static final byte[] SECRET = "a twenty byte secret".getBytes(StandardCharsets.US_ASCII);

    private static AesGcmSecondFactorKeys keys(String material) {
        return new AesGcmSecondFactorKeys(() -> material.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void a_single_material_is_version_one_as_before_versions_existed() {
        AesGcmSecondFactorKeys keys = keys(OLD);
        String sealed = keys.seal(SECRET, "totp:ada");
        assertThat(sealed).startsWith("v1.");
        assertThat(keys.open(sealed, "totp:ada")).isEqualTo(SECRET);
        assertThat(keys.sealedUnderCurrentKey(sealed)).isTrue();
        assertThat(keys(OLD).recoveryCodeHashes("abcdefghjkmn")).containsExactly(keys.recoveryCodeHash("abcdefghjkmn"));
    }

    @Test
    void random_bytes_are_version_one_too() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        AesGcmSecondFactorKeys keys = new AesGcmSecondFactorKeys(random::clone);
        assertThat(keys.open(keys.seal(SECRET, "totp:ada"), "totp:ada")).isEqualTo(SECRET);
    }

    @Test
    void after_a_rotation_new_secrets_are_sealed_under_the_new_key_and_old_ones_still_open() {
        String before = keys(OLD).seal(SECRET, "totp:ada");
        String oldCodeHash = keys(OLD).recoveryCodeHash("abcdefghjkmn");

        AesGcmSecondFactorKeys rotated = keys("v2:" + NEW + ",v1:" + OLD);
        assertThat(rotated.open(before, "totp:ada")).isEqualTo(SECRET);
        assertThat(rotated.sealedUnderCurrentKey(before)).isFalse();
        String after = rotated.seal(SECRET, "totp:ada");
        assertThat(after).startsWith("v2.");
        assertThat(rotated.sealedUnderCurrentKey(after)).isTrue();
        assertThat(rotated.open(after, "totp:ada")).isEqualTo(SECRET);
        // A recovery code made before the rotation is found under the old key; new ones are hashed under the new.
        assertThat(rotated.recoveryCodeHashes("abcdefghjkmn")).hasSize(2).endsWith(oldCodeHash)
                .startsWith(rotated.recoveryCodeHash("abcdefghjkmn"));
        assertThat(rotated.recoveryCodeHash("abcdefghjkmn")).isNotEqualTo(oldCodeHash);
        // The new key alone does not open what the old one sealed, nor a secret of another person.
        assertThatThrownBy(() -> rotated.open(after, "totp:bob")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys("v2:" + NEW).open(before, "totp:ada"))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(before);
    }

    @Test
    void a_function_told_which_versions_to_expect_does_not_start_on_a_secret_that_lists_others() {
        SecondFactorKeyMaterial addedBehind = () -> ("v1:" + OLD + ",v2:" + NEW).getBytes(StandardCharsets.US_ASCII);
        assertThat(new AesGcmSecondFactorKeys(addedBehind, new SecondFactorKeySettings(null, null, "v1,v2"))
                .seal(SECRET, "totp:ada")).as("v2 is listed but v1 still seals").startsWith("v1.");
        assertThatThrownBy(() -> new AesGcmSecondFactorKeys(addedBehind,
                new SecondFactorKeySettings(null, null, "v2,v1"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[v1, v2]").hasMessageContaining("[v2, v1]").hasMessageNotContaining(NEW);
    }

    @Test
    void a_malformed_list_of_versions_does_not_start() {
        assertThatThrownBy(() -> keys("v2=" + NEW + ",v1=" + OLD)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("v2:<material>,v1:<material>").hasMessageNotContaining(NEW);
        assertThatThrownBy(() -> keys("v2:" + NEW + ",v2:" + OLD)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> keys("v2:short," + "v1:" + OLD)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void text_that_is_neither_one_key_nor_a_list_does_not_start() {
        // the Secrets Manager console's key/value editor writes JSON; a version in upper case is no version
        assertThatThrownBy(() -> keys("{\"key\":\"" + NEW + "\"}")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("neither one key").hasMessageNotContaining(NEW);
        assertThatThrownBy(() -> keys("V2:" + NEW)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("neither one key");
    }
}
