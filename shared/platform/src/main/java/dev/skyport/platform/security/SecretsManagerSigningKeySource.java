package dev.skyport.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The private JWK set in the Secrets Manager secret only the token-issuing functions may read. Read at start-up
 * (before the SnapStart snapshot) and again when {@link SigningKeys}' copy is older than its maximum age.
 */
@Singleton
@Requires(property = SecretsManagerSigningKeySource.PROPERTY)
public class SecretsManagerSigningKeySource implements SigningKeySource {

    static final String PROPERTY = "skyport.security.signing-keys-secret-id";

    private final SecretsManagerClient secretsManager;
    private final String secretId;

    public SecretsManagerSigningKeySource(SecretsManagerClient secretsManager,
                                          @Value("${" + PROPERTY + "}") String secretId) {
        this.secretsManager = secretsManager;
        this.secretId = secretId;
    }

    @Override
    public JWKSet signingKeys() {
        return TokenKeySets.parseSigning(secretsManager.getSecretValue(b -> b.secretId(secretId)).secretString(),
                "the secret " + secretId);
    }
}
