package dev.skyport.identity.adapter.crypto;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code skyport.mfa.*}: where the key that seals TOTP secrets and hashes recovery codes comes from. In AWS the
 * Secrets Manager secret CDK makes (a random string Secrets Manager generates, readable by the auth function alone);
 * in tests and {@code sam local invoke} given inline; the local platform keeps one in its data folder.
 *
 * @param key         the key material inline (at least 32 characters of randomness); never set in a deployment
 * @param keySecretId the Secrets Manager secret holding it
 * @param keyVersions the key versions the material must list, in its order ({@code v2,v1}), when set: a rotation
 *                    step sets it (so the function is published anew and reads the secret again), and a function
 *                    whose secret says otherwise does not start
 */
@ConfigurationProperties("skyport.mfa")
public record SecondFactorKeySettings(@Nullable String key, @Nullable String keySecretId,
                                      @Nullable String keyVersions) {

    public static final String KEY = "skyport.mfa.key";
    public static final String KEY_SECRET_ID = "skyport.mfa.key-secret-id";
    public static final String KEY_VERSIONS = "skyport.mfa.key-versions";

    /** The versions the material must list, current first; empty when not said. */
    public List<String> expectedVersions() {
        return keyVersions == null || keyVersions.isBlank() ? List.of()
                : Arrays.stream(keyVersions.split(",")).map(String::strip).toList();
    }

    public Optional<String> secretId() {
        return Optional.ofNullable(keySecretId).filter(id -> !id.isBlank());
    }
}
