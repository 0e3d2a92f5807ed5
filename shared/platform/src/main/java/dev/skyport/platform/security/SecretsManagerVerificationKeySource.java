package dev.skyport.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The public JWK set in the Secrets Manager secret every function may read. Read at start-up (before the SnapStart
 * snapshot) and again by {@link VerificationKeys} when its copy is old or a token names a kid it does not know.
 */
@Singleton
@Requires(property = SecretsManagerVerificationKeySource.PROPERTY)
public class SecretsManagerVerificationKeySource implements VerificationKeySource {

    static final String PROPERTY = "skyport.security.verification-keys-secret-id";

    private final SecretsManagerClient secretsManager;
    private final String secretId;

    public SecretsManagerVerificationKeySource(SecretsManagerClient secretsManager,
                                               @Value("${" + PROPERTY + "}") String secretId) {
        this.secretsManager = secretsManager;
        this.secretId = secretId;
    }

    @Override
    public JWKSet verificationKeys() {
        return TokenKeySets.parseVerification(
                secretsManager.getSecretValue(b -> b.secretId(secretId)).secretString(), "the secret " + secretId);
    }
}
