package dev.skyport.local;

import dev.skyport.identity.adapter.crypto.SecondFactorKeyMaterial;
import dev.skyport.identity.adapter.crypto.SecondFactorKeySettings;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * DEVELOPMENT ONLY: the key material that seals TOTP secrets, a random 256-bit key made into the data folder on the
 * first run (owner-only). Anyone with the data folder can open the secrets; AWS deployments keep it in Secrets Manager.
 */
@Singleton
@Requires(property = LocalSettings.MFA_KEY_FILE)
@Requires(missingProperty = SecondFactorKeySettings.KEY)
@Requires(missingProperty = SecondFactorKeySettings.KEY_SECRET_ID)
public class LocalSecondFactorKeyMaterial implements SecondFactorKeyMaterial {

    private final LocalFileSettings files;

    public LocalSecondFactorKeyMaterial(LocalFileSettings files) {
        this.files = files;
    }

    @Override
    public byte[] material() {
        return LocalKeyFile.loadOrCreate(files.mfaKey());
    }
}
