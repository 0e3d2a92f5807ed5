package dev.skyport.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** A private JWK set given in configuration: tests and {@code sam local invoke}. Never set in a deployment. */
@Singleton
@Requires(property = ConfiguredSigningKeySource.PROPERTY)
@Requires(missingProperty = SecretsManagerSigningKeySource.PROPERTY)
public class ConfiguredSigningKeySource implements SigningKeySource {

    static final String PROPERTY = "skyport.security.signing-keys";

    private final JWKSet keys;

    public ConfiguredSigningKeySource(SecuritySettings settings) {
        this.keys = TokenKeySets.parseSigning(settings.signingKeys(), PROPERTY);
    }

    @Override
    public JWKSet signingKeys() {
        return keys;
    }
}
