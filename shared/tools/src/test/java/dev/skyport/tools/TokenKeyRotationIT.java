package dev.skyport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.skyport.platform.security.SecretsManagerSigningKeySource;
import dev.skyport.platform.security.SecretsManagerVerificationKeySource;
import dev.skyport.platform.security.SigningKeys;
import dev.skyport.platform.security.TokenKeySets;
import dev.skyport.platform.security.VerificationKeys;
import dev.skyport.testing.LocalSecretsManagerServer;
import dev.skyport.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The token-keys command against the real Secrets Manager client (a loopback server speaking its protocol), with the
 * key beans every function runs: a whole rotation (add, promote, retire) never refuses a token that is still meant to
 * work, and at the end a token of the retired key is refused.
 */
class TokenKeyRotationIT {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final LocalSecretsManagerServer server = new LocalSecretsManagerServer();
    private final SecretsManagerClient client = server.client();
    private final String signingSecret = server.create("token-signing-keys", TokenKeySets.NO_KEYS_YET);
    private final String verificationSecret = server.create("token-verification-keys", TokenKeySets.NO_KEYS_YET);
    private final MutableClock clock = MutableClock.startingNow();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final TokenKeysCommand command = new TokenKeysCommand(client, signingSecret, verificationSecret, clock,
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** What a token-issuing function builds at a cold start. */
    private SigningKeys issuerStartsNow() {
        return new SigningKeys(new SecretsManagerSigningKeySource(client, signingSecret), functionStartsNow(), clock,
                MAX_AGE);
    }

    /** What any function behind the API builds at a cold start. */
    private VerificationKeys functionStartsNow() {
        return new VerificationKeys(new SecretsManagerVerificationKeySource(client, verificationSecret), clock,
                MAX_AGE);
    }

    private SignedJWT token(SigningKeys keys) throws Exception {
        return keys.sign(new JWTClaimsSet.Builder().subject("user-1").build());
    }

    /** The token as a function receives it: parsed from its compact form, so a second arrival is remembered. */
    private static SignedJWT received(SignedJWT token) throws Exception {
        return SignedJWT.parse(token.serialize());
    }

    private String kid(SignedJWT token) {
        return token.getHeader().getKeyID();
    }

    @Test
    void a_whole_rotation_keeps_every_live_token_working_and_ends_the_retired_key() throws Exception {
        assertThat(command.run("status")).isZero();
        assertThat(command.run("init")).isZero();
        SigningKeys issuer = issuerStartsNow();
        VerificationKeys otherFunction = functionStartsNow();
        SignedJWT beforeRotation = token(issuer);
        assertThat(otherFunction.verify(received(beforeRotation))).isTrue();
        assertThat(otherFunction.verify(received(beforeRotation))).as("and again, from memory").isTrue();

        assertThat(command.run("add")).isZero();
        clock.advance(MAX_AGE);
        assertThat(kid(token(issuer))).as("an added key signs nothing before promote").isEqualTo(kid(beforeRotation));

        assertThat(command.run("promote")).isZero();
        SignedJWT fromANewIssuer = token(issuerStartsNow());
        assertThat(kid(fromANewIssuer)).isNotEqualTo(kid(beforeRotation));
        clock.advance(Duration.ofSeconds(31));
        assertThat(otherFunction.verify(received(fromANewIssuer))).as("a new kid is fetched at once").isTrue();
        assertThat(otherFunction.verify(received(beforeRotation))).as("the old key still verifies").isTrue();
        clock.advance(MAX_AGE);
        SignedJWT afterPromote = token(issuer);
        assertThat(kid(afterPromote)).as("a running issuer switches within the cache age")
                .isEqualTo(kid(fromANewIssuer));

        assertThat(command.run("retire")).isZero();
        clock.advance(MAX_AGE);
        assertThat(otherFunction.verify(received(beforeRotation))).as("the retired key no longer verifies").isFalse();
        assertThat(otherFunction.verify(received(afterPromote))).isTrue();
        assertThat(kid(token(issuer))).isEqualTo(kid(afterPromote));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("made the first key", "published", "signs from now on", "retired");
        for (JWK key : JWKSet.parse(server.secrets().get(signingSecret).value()).getKeys()) {
            assertThat(output).doesNotContain(key.toJSONObject().get("d").toString());
        }
    }

    @Test
    void a_token_seen_before_is_refused_once_another_key_is_published_under_its_kid() throws Exception {
        command.run("init");
        VerificationKeys function = functionStartsNow();
        SignedJWT token = token(issuerStartsNow());
        assertThat(function.verify(received(token))).isTrue();
        assertThat(function.verify(received(token))).isTrue();

        // Someone replaces the published key by hand, keeping its kid: what was checked with the old key counts no more.
        ECKey impostor = new ECKey.Builder(TokenKeySets.generate(clock.instant())).keyID(kid(token)).build();
        client.putSecretValue(b -> b.secretId(verificationSecret).secretString(
                new JWKSet(List.of(impostor.toPublicJWK())).toString(true)));
        clock.advance(MAX_AGE);

        assertThat(function.verify(received(token))).isFalse();
    }

    @Test
    void steps_out_of_order_are_refused_and_change_nothing() {
        assertThat(command.run("add")).isEqualTo(1);
        assertThat(command.run("init")).isZero();
        String keys = server.secrets().get(signingSecret).value();
        assertThat(command.run("init")).isZero();
        assertThat(command.run("promote")).isEqualTo(1);
        assertThat(command.run("retire")).isEqualTo(1);
        assertThat(server.secrets().get(signingSecret).value()).isEqualTo(keys);
        assertThat(command.run("add")).isZero();
        assertThat(command.run("add")).isEqualTo(1);
        assertThat(command.run("retire")).as("the added key has not signed yet").isEqualTo(1);
        assertThat(command.run("rotate-everything")).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("refused:");
    }

    @Test
    void a_signing_key_whose_public_half_is_not_published_never_signs() throws Exception {
        command.run("init");
        SigningKeys issuer = issuerStartsNow();
        String published = kid(token(issuer));
        // Someone writes a new private set by hand and forgets the public one.
        client.putSecretValue(b -> b.secretId(signingSecret).secretString(
                new JWKSet(List.of(TokenKeySets.generate(clock.instant()))).toString(false)));
        clock.advance(MAX_AGE);
        assertThat(kid(token(issuer))).isEqualTo(published);
    }

    @Test
    void tokens_naming_unknown_kids_make_at_most_one_secrets_manager_read_per_30_seconds() throws Exception {
        command.run("init");
        VerificationKeys function = functionStartsNow();
        int before = server.reads();
        clock.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 50; i++) {
            ECKey stranger = TokenKeySets.generate(clock.instant());
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(stranger.getKeyID())
                    .build(), new JWTClaimsSet.Builder().subject("user-1").build());
            forged.sign(new ECDSASigner(stranger));
            assertThat(function.verify(forged)).isFalse();
        }
        assertThat(server.reads() - before).isEqualTo(1);
    }
}
