package dev.skyport.identity.adapter.crypto;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/** The key material given in configuration ({@value SecondFactorKeySettings#KEY}): tests, {@code sam local invoke}. */
@Singleton
@Requires(property = SecondFactorKeySettings.KEY)
@Requires(missingProperty = SecondFactorKeySettings.KEY_SECRET_ID)
public class ConfiguredSecondFactorKeyMaterial implements SecondFactorKeyMaterial {

    private final String key;

    public ConfiguredSecondFactorKeyMaterial(SecondFactorKeySettings settings) {
        this.key = settings.key();
    }

    @Override
    public byte[] material() {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
