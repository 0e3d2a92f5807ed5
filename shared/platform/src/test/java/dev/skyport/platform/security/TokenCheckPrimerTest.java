package dev.skyport.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCheckPrimerTest {

    @Test
    void before_a_snapshot_a_throwaway_es256_token_is_signed_and_checked_through_the_same_verifier() {
        assertThat(TokenCheckPrimer.checkThrowawayTokens()).isTrue();
    }
}
