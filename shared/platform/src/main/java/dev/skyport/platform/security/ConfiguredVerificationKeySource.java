package dev.skyport.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** A public JWK set given in configuration: tests and {@code sam local invoke}. Never set in a deployment. */
@Singleton
@Requires(property = ConfiguredVerificationKeySource.PROPERTY)
@Requires(missingProperty = SecretsManagerVerificationKeySource.PROPERTY)
public class ConfiguredVerificationKeySource implements VerificationKeySource {

    static final String PROPERTY = "skyport.security.verification-keys";

    private final JWKSet keys;

    public ConfiguredVerificationKeySource(SecuritySettings settings) {
        this.keys = TokenKeySets.parseVerification(settings.verificationKeys(), PROPERTY);
    }

    @Override
    public JWKSet verificationKeys() {
        return keys;
    }
}
