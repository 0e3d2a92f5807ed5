package dev.skyport.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The private JWK set in the Secrets Manager secret only the token-issuing functions may read. Read at start-up
 * (before the SnapStart snapshot) and again when {@link SigningKeys}' copy is older than its maximum age.
 */
@Singleton
@Requires(property = SecretsManagerSigningKeySource.PROPERTY)
public class SecretsManagerSigningKeySource implements SigningKeySource {

    static final String PROPERTY = SecuritySettings.SIGNING_KEYS_SECRET_ID;

    private final SecretsManagerClient secretsManager;
    private final String secretId;

    @Inject
    public SecretsManagerSigningKeySource(SecretsManagerClient secretsManager, SecuritySettings settings) {
        this(secretsManager, settings.signingKeysSecret().orElseThrow());
    }

    public SecretsManagerSigningKeySource(SecretsManagerClient secretsManager, String secretId) {
        this.secretsManager = secretsManager;
        this.secretId = secretId;
    }

    @Override
    public JWKSet signingKeys() {
        return TokenKeySets.parseSigning(secretsManager.getSecretValue(b -> b.secretId(secretId)).secretString(),
                "the secret " + secretId);
    }
}
