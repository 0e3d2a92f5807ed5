package dev.skyport.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signature checks as every function behind the API makes them, on tokens as they arrive (parsed from their compact
 * form), including the second and later arrivals of a token, which are answered from {@link VerifiedTokens}. What a
 * key set read again does to remembered tokens (rotation, retirement, another key under a kid) is in the local
 * platform's TokenKeyRotationIT, on a clock the test moves.
 */
class VerificationKeysTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private final ECKey key = TokenKeySets.generate(clock.instant());
    private final VerificationKeys keys = new VerificationKeys(() -> new JWKSet(List.of(key.toPublicJWK())), clock,
            Duration.ofMinutes(5));

    private static String signed(ECKey by, String kid, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(TokenKeySets.ALGORITHM).keyID(kid).build(),
                new JWTClaimsSet.Builder().subject(subject).build());
        jwt.sign(new ECDSASigner(by));
        return jwt.serialize();
    }

    /** The token as a function receives it. */
    private boolean arrives(String compact) throws Exception {
        return keys.verify(SignedJWT.parse(compact));
    }

    @Test
    void a_token_seen_before_is_accepted_again_and_any_changed_copy_of_it_is_refused() throws Exception {
        String token = signed(key, key.getKeyID(), "user-1");
        assertThat(arrives(token)).isTrue();
        assertThat(arrives(token)).isTrue();

        String[] parts = token.split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);
        String otherSignature = parts[2].substring(0, parts[2].length() - 2) + (last == 'A' ? 'B' : 'A')
                + parts[2].charAt(parts[2].length() - 1);
        assertThat(arrives(parts[0] + "." + parts[1] + "." + otherSignature)).isFalse();
        String otherSubject = signed(key, key.getKeyID(), "user-2").split("\\.")[1];
        assertThat(arrives(parts[0] + "." + otherSubject + "." + parts[2])).as("another payload, same signature")
                .isFalse();
        assertThat(keys.verifiedTokensHeld()).isEqualTo(1);
    }

    @Test
    void a_forged_token_is_refused_every_time_and_never_remembered() throws Exception {
        ECKey stranger = TokenKeySets.generate(clock.instant());
        String forged = signed(stranger, key.getKeyID(), "user-1");
        assertThat(arrives(forged)).isFalse();
        assertThat(arrives(forged)).isFalse();
        assertThat(keys.verifiedTokensHeld()).isZero();
    }

    @Test
    void it_holds_a_bounded_number_of_tokens() throws Exception {
        for (int i = 0; i < VerificationKeys.VERIFIED_TOKENS_HELD + 5; i++) {
            assertThat(arrives(signed(key, key.getKeyID(), "user-" + i))).isTrue();
        }
        assertThat(keys.verifiedTokensHeld()).isEqualTo(VerificationKeys.VERIFIED_TOKENS_HELD);
    }
}
