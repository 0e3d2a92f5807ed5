package dev.skyport.identity.adapter.crypto;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The key material in the Secrets Manager secret only the auth function may read ({@value
 * SecondFactorKeySettings#KEY_SECRET_ID}); Secrets Manager generated it, so no person or template ever saw it.
 */
@Singleton
@Requires(property = SecondFactorKeySettings.KEY_SECRET_ID)
public class SecretsManagerSecondFactorKeyMaterial implements SecondFactorKeyMaterial {

    private final SecretsManagerClient secretsManager;
    private final String secretId;

    public SecretsManagerSecondFactorKeyMaterial(SecretsManagerClient secretsManager,
                                                 SecondFactorKeySettings settings) {
        this.secretsManager = secretsManager;
        this.secretId = settings.secretId().orElseThrow();
    }

    @Override
    public byte[] material() {
        return secretsManager.getSecretValue(b -> b.secretId(secretId)).secretString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
