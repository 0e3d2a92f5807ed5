package dev.skyport.platform.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Base64;

/** A base64 key given in configuration: tests and {@code sam local invoke}. Never set in a deployment. */
@Singleton
@Requires(property = "skyport.security.signing-key")
@Requires(missingProperty = "skyport.security.signing-key-secret-id")
public class ConfiguredSigningKeySource implements SigningKeySource {

    private final byte[] key;

    public ConfiguredSigningKeySource(@Value("${skyport.security.signing-key}") String base64Key) {
        this.key = SigningKeys.requireStrong(Base64.getDecoder().decode(base64Key));
    }

    @Override
    public byte[] signingKey() {
        return key.clone();
    }
}
