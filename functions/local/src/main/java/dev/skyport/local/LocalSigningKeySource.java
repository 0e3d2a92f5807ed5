package dev.skyport.local;

import dev.skyport.platform.security.SigningKeySource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * Development only: the token signing key is generated on the first run and kept in the data folder (owner-only
 * permissions), so logins survive a restart. In AWS the key comes from Secrets Manager.
 */
@Singleton
@Requires(property = LocalSettings.SIGNING_KEY_FILE)
public class LocalSigningKeySource implements SigningKeySource {

    private final byte[] key;

    public LocalSigningKeySource(@Value("${" + LocalSettings.SIGNING_KEY_FILE + "}") String file) {
        this.key = LocalKeyFile.loadOrCreate(Path.of(file));
    }

    @Override
    public byte[] signingKey() {
        return key.clone();
    }
}
