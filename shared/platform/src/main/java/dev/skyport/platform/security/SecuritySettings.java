package dev.skyport.platform.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Optional;

/**
 * How tokens are made and checked ({@code skyport.security.*}; in AWS the {@code SKYPORT_SECURITY_*} variables CDK
 * sets). Checked when read: a function with an impossible setting does not start.
 *
 * @param issuer                   the {@code iss} of every token
 * @param audience                 the {@code aud} of every token
 * @param tokenKeysMaxAge          how long a function keeps the token keys before reading them again
 * @param clockSkew                clock difference tolerated on a token's {@code exp}, {@code nbf} and {@code iat}
 * @param signingKeys              private keys as a JWK set, given inline (local platform, tests)
 * @param verificationKeys         public keys as a JWK set, given inline
 * @param signingKeysSecretId      the Secrets Manager secret holding the private keys (auth and accounts in AWS)
 * @param verificationKeysSecretId the secret holding the public keys (every function behind the API in AWS)
 */
@ConfigurationProperties(SecuritySettings.PREFIX)
public record SecuritySettings(
        String issuer,
        String audience,
        @Bindable(defaultValue = "5m") Duration tokenKeysMaxAge,
        @Bindable(defaultValue = "30s") Duration clockSkew,
        @Nullable String signingKeys,
        @Nullable String verificationKeys,
        @Nullable String signingKeysSecretId,
        @Nullable String verificationKeysSecretId) {

    public static final String PREFIX = "skyport.security";
    public static final String SIGNING_KEYS_SECRET_ID = PREFIX + ".signing-keys-secret-id";
    public static final String VERIFICATION_KEYS_SECRET_ID = PREFIX + ".verification-keys-secret-id";

    public SecuritySettings {
        required(issuer, "issuer");
        required(audience, "audience");
        if (tokenKeysMaxAge.isNegative() || tokenKeysMaxAge.isZero()
                || tokenKeysMaxAge.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(PREFIX + ".token-keys-max-age must be above 0 and at most 1h, not "
                    + tokenKeysMaxAge);
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(PREFIX + ".clock-skew must be 0 to 5m, not " + clockSkew);
        }
    }

    public Optional<String> signingKeysSecret() {
        return Optional.ofNullable(signingKeysSecretId).filter(id -> !id.isBlank());
    }

    public Optional<String> verificationKeysSecret() {
        return Optional.ofNullable(verificationKeysSecretId).filter(id -> !id.isBlank());
    }

    private static void required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be set");
        }
    }
}
