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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signature checks as every function behind the API makes them, on tokens as they arrive (parsed from their compact
 * form), including the second and later arrivals of a token, which are answered from {@link VerifiedTokens}.
 */
class VerificationKeysTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final MovableClock clock = new MovableClock();
    private final ECKey key = TokenKeySets.generate(clock.instant());
    private volatile JWKSet published = new JWKSet(List.of(key.toPublicJWK()));
    private final VerificationKeys keys = new VerificationKeys(() -> published, clock, MAX_AGE);

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
    void once_its_key_is_retired_a_token_seen_before_is_refused() throws Exception {
        String token = signed(key, key.getKeyID(), "user-1");
        assertThat(arrives(token)).isTrue();

        ECKey next = TokenKeySets.generate(clock.instant());
        published = new JWKSet(List.of(next.toPublicJWK()));
        clock.advance(MAX_AGE);

        assertThat(arrives(token)).isFalse();
        assertThat(arrives(signed(next, next.getKeyID(), "user-1"))).isTrue();
    }

    @Test
    void a_different_key_published_under_the_same_kid_refuses_a_token_seen_before() throws Exception {
        String token = signed(key, key.getKeyID(), "user-1");
        assertThat(arrives(token)).isTrue();

        ECKey impostor = new ECKey.Builder(TokenKeySets.generate(clock.instant())).keyID(key.getKeyID()).build();
        published = new JWKSet(List.of(impostor.toPublicJWK()));
        clock.advance(MAX_AGE);

        assertThat(arrives(token)).isFalse();
    }

    @Test
    void a_key_set_read_again_checks_every_token_again_and_keeps_accepting_the_good_ones() throws Exception {
        String token = signed(key, key.getKeyID(), "user-1");
        assertThat(arrives(token)).isTrue();
        clock.advance(MAX_AGE);
        assertThat(arrives(token)).isTrue();
    }

    @Test
    void it_holds_a_bounded_number_of_tokens() throws Exception {
        for (int i = 0; i < VerificationKeys.VERIFIED_TOKENS_HELD + 5; i++) {
            assertThat(arrives(signed(key, key.getKeyID(), "user-" + i))).isTrue();
        }
        assertThat(keys.verifiedTokensHeld()).isEqualTo(VerificationKeys.VERIFIED_TOKENS_HELD);
    }

    private static final class MovableClock extends Clock {

        private volatile Instant now = Instant.parse("2026-11-23T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
