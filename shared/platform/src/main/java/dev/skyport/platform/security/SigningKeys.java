package dev.skyport.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Base64;

/**
 * The one signature Skyport's tokens carry: HS256 with the key from {@link SigningKeySource}. Micronaut Security
 * verifies every incoming token against it; tokens with another algorithm (including {@code none}) or key fail.
 * (A wrapper rather than a factory-made {@link SecretSignature}: that class is an {@code @EachBean} of
 * configuration entries, which a factory method would inherit.)
 */
@Singleton
@Named("generator")
public class SigningKeys implements SignatureGeneratorConfiguration {

    static final int MIN_KEY_BYTES = 32;

    private final SecretSignature signature;

    public SigningKeys(SigningKeySource source) {
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("skyport");
        configuration.setJwsAlgorithm(JWSAlgorithm.HS256);
        configuration.setBase64(true);
        configuration.setSecret(Base64.getEncoder().encodeToString(source.signingKey()));
        this.signature = new SecretSignature(configuration);
    }

    @Override
    public SignedJWT sign(JWTClaimsSet claims) throws JOSEException {
        return signature.sign(claims);
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return signature.supportedAlgorithmsMessage();
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return signature.supports(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        return signature.verify(jwt);
    }

    static byte[] requireStrong(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("the token signing key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        return key;
    }
}
