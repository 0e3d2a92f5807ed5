package dev.skyport.platform.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads the signing key once, at start-up (before the SnapStart snapshot), from Secrets Manager. */
@Singleton
@Requires(property = "skyport.security.signing-key-secret-id")
public class SecretsManagerSigningKeySource implements SigningKeySource {

    private final byte[] key;

    public SecretsManagerSigningKeySource(SecretsManagerClient secretsManager,
                                          @Value("${skyport.security.signing-key-secret-id}") String secretId) {
        String secret = secretsManager.getSecretValue(b -> b.secretId(secretId)).secretString();
        this.key = SigningKeys.requireStrong(secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] signingKey() {
        return key.clone();
    }
}
