package dev.skyport.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.skyport.testing.LocalSecretsManagerServer;
import dev.skyport.testing.SkyportTestProperties;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The token key sets as the functions read them from Secrets Manager (the real client against a loopback server
 * speaking its protocol): a set that cannot work stops the function at start with a message saying what to do, and
 * never with key material in it.
 */
class TokenKeySourcesIT {

    private final LocalSecretsManagerServer server = new LocalSecretsManagerServer();
    private final SecretsManagerClient client = server.client();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void the_sets_are_read_from_their_secrets() {
        String signing = server.create("signing", SkyportTestProperties.SIGNING_KEYS);
        String verification = server.create("verification", SkyportTestProperties.VERIFICATION_KEYS);
        assertThat(new SecretsManagerSigningKeySource(client, signing).signingKeys().getKeys())
                .extracting(key -> key.getKeyID()).containsExactly("skyport-test-current", "skyport-test-previous");
        assertThat(new SecretsManagerVerificationKeySource(client, verification).verificationKeys().getKeys())
                .allMatch(key -> !key.isPrivate()).hasSize(2);
    }

    @Test
    void secrets_still_empty_after_deployment_say_to_run_token_keys_init() {
        String signing = server.create("signing", TokenKeySets.NO_KEYS_YET);
        assertThatThrownBy(() -> new SecretsManagerSigningKeySource(client, signing).signingKeys())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("token-keys init");
    }

    @Test
    void a_private_key_in_the_public_set_is_refused_without_quoting_it() {
        String verification = server.create("verification", SkyportTestProperties.SIGNING_KEYS);
        assertThatThrownBy(() -> new SecretsManagerVerificationKeySource(client, verification).verificationKeys())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("publish only public keys")
                .hasMessageNotContaining(SkyportTestProperties.CURRENT_KEY.getD().toString());
    }

    @Test
    void a_public_key_in_the_private_set_is_refused() {
        String signing = server.create("signing", SkyportTestProperties.VERIFICATION_KEYS);
        assertThatThrownBy(() -> new SecretsManagerSigningKeySource(client, signing).signingKeys())
                .hasMessageContaining("has no private part");
    }

    @Test
    void garbage_an_hs256_secret_or_too_many_keys_are_refused_without_quoting_them() {
        String old = server.create("old-hs256", "a".repeat(64));
        assertThatThrownBy(() -> new SecretsManagerSigningKeySource(client, old).signingKeys())
                .hasMessageContaining("not a JWK set").hasMessageNotContaining("aaaa");
        String three = server.create("three", new JWKSet(List.of(SkyportTestProperties.CURRENT_KEY,
                SkyportTestProperties.PREVIOUS_KEY, TokenKeySets.generate(java.time.Instant.now()))).toString(false));
        assertThatThrownBy(() -> new SecretsManagerSigningKeySource(client, three).signingKeys())
                .hasMessageContaining("at most 2");
    }
}
