package dev.skyport.platform.secrets;

import dev.skyport.kernel.SecretStore;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * One Secrets Manager secret per stored value, named under the Skyport prefix (so that IAM can scope access to
 * it) and tagged. Deleting keeps the secret recoverable for the window asked for (7 to 30 days).
 */
@Singleton
@Requires(missingProperty = "skyport.local.encrypted-secrets")
public class SecretsManagerSecretStore implements SecretStore {

    /** Built when a secret is first touched, not on every cold start. */
    private final BeanProvider<SecretsManagerClient> secretsManager;
    private final String prefix;

    public SecretsManagerSecretStore(BeanProvider<SecretsManagerClient> secretsManager,
                                     SecretSettings settings) {
        this.secretsManager = secretsManager;
        this.prefix = settings.prefix();
    }

    @Override
    public String create(String name, String value, Map<String, String> tags) {
        return secretsManager.get().createSecret(b -> b.name(prefix + name).secretString(value)
                .description("Skyport " + name)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList())).arn();
    }

    @Override
    public String read(String reference) {
        return secretsManager.get().getSecretValue(b -> b.secretId(reference)).secretString();
    }

    @Override
    public void replace(String reference, String value) {
        secretsManager.get().putSecretValue(b -> b.secretId(reference).secretString(value));
    }

    @Override
    public void delete(String reference, Duration recoveryWindow) {
        try {
            if (recoveryWindow.isZero()) {
                secretsManager.get().deleteSecret(b -> b.secretId(reference).forceDeleteWithoutRecovery(true));
            } else {
                long days = Math.max(7, Math.min(30, recoveryWindow.toDays()));
                secretsManager.get().deleteSecret(b -> b.secretId(reference).recoveryWindowInDays(days));
            }
        } catch (ResourceNotFoundException alreadyGone) {
            // Deleting twice (a retried event) is fine.
        }
    }
}
