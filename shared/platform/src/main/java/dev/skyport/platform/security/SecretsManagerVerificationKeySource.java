package dev.skyport.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The public JWK set in the Secrets Manager secret every function may read. Read at start-up (before the SnapStart
 * snapshot) and again by {@link VerificationKeys} when its copy is old or a token names a kid it does not know.
 */
@Singleton
@Requires(property = SecretsManagerVerificationKeySource.PROPERTY)
public class SecretsManagerVerificationKeySource implements VerificationKeySource {

    static final String PROPERTY = SecuritySettings.VERIFICATION_KEYS_SECRET_ID;

    private final SecretsManagerClient secretsManager;
    private final String secretId;

    @Inject
    public SecretsManagerVerificationKeySource(SecretsManagerClient secretsManager, SecuritySettings settings) {
        this(secretsManager, settings.verificationKeysSecret().orElseThrow());
    }

    public SecretsManagerVerificationKeySource(SecretsManagerClient secretsManager, String secretId) {
        this.secretsManager = secretsManager;
        this.secretId = secretId;
    }

    @Override
    public JWKSet verificationKeys() {
        return TokenKeySets.parseVerification(
                secretsManager.getSecretValue(b -> b.secretId(secretId)).secretString(), "the secret " + secretId);
    }
}
