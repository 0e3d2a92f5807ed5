package dev.skyport.platform.security;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import com.nimbusds.jose.JWSAlgorithm;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import java.util.Base64;

/**
 * The one signature Skyport's tokens carry: HS256 with the key from {@link SigningKeySource}. Micronaut Security
 * verifies every incoming token against it; tokens with another algorithm (including {@code none}) or key fail.
 */
@Factory
public class SigningKeys {

    static final int MIN_KEY_BYTES = 32;

    @Singleton
    @Named("generator")
    SecretSignature accessTokenSignature(SigningKeySource source) {
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("skyport");
        configuration.setJwsAlgorithm(JWSAlgorithm.HS256);
        configuration.setBase64(true);
        configuration.setSecret(Base64.getEncoder().encodeToString(source.signingKey()));
        return new SecretSignature(configuration);
    }

    static byte[] requireStrong(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("the token signing key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        return key;
    }
}
