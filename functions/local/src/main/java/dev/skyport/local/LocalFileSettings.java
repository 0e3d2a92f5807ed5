package dev.skyport.local;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Path;

/**
 * Where the local platform keeps its files ({@code skyport.local.*}, set by {@link LocalPlatform} under its data
 * folder): the outbox, the token signing key, the key of the development secret store, the second-factor key.
 */
@ConfigurationProperties("skyport.local")
public record LocalFileSettings(@Nullable Path outboxDir, @Nullable Path signingKeyFile,
                                @Nullable Path secretsKeyFile, @Nullable Path mfaKeyFile) {

    public Path outbox() {
        return required(outboxDir, LocalSettings.OUTBOX_DIR);
    }

    public Path signingKey() {
        return required(signingKeyFile, LocalSettings.SIGNING_KEY_FILE);
    }

    public Path secretsKey() {
        return required(secretsKeyFile, LocalSettings.SECRETS_KEY_FILE);
    }

    public Path mfaKey() {
        return required(mfaKeyFile, LocalSettings.MFA_KEY_FILE);
    }

    private static Path required(@Nullable Path path, String property) {
        if (path == null) {
            throw new IllegalStateException(property + " is not set");
        }
        return path;
    }
}
