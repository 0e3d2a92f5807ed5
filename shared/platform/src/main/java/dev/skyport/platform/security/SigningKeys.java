package dev.skyport.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * Signs access tokens with the first key of the private set (ES256, {@code kid} in the header), in the functions that
 * issue tokens and only there: without a {@link SigningKeySource} this bean does not exist. Verification, here too,
 * goes through the public keys ({@link VerificationKeys}). A key signs only once its public half is published: at
 * start-up an unpublished signing key stops the function (every other function would refuse its tokens); a rotation
 * that promotes a key too early keeps the previous key signing until the public set has caught up.
 */
@Singleton
@Named("generator")
@Requires(beans = SigningKeySource.class)
public class SigningKeys implements SignatureGeneratorConfiguration {

    /** The key that signs, ready to sign. */
    private record Signer(String kid, ECDSASigner signer) {
    }

    private final RefreshingKeys<Signer> current;
    private final VerificationKeys verification;
    private volatile Signer lastPublished;

    @Inject
    public SigningKeys(SigningKeySource source, VerificationKeys verification, Clock clock,
                       SecuritySettings settings) {
        this(source, verification, clock, settings.tokenKeysMaxAge());
    }

    public SigningKeys(SigningKeySource source, VerificationKeys verification, Clock clock, Duration maxAge) {
        this.verification = verification;
        this.current = new RefreshingKeys<>(() -> signer((ECKey) source.signingKeys().getKeys().getFirst()), clock,
                maxAge, maxAge);
        Signer first = current.current();
        if (!verification.keyIdsIncluding(first.kid()).contains(first.kid())) {
            throw new IllegalStateException("the signing key '" + first.kid() + "' is not among the verification"
                    + " keys: publish its public key first (README, section 'Token signing keys')");
        }
        this.lastPublished = first;
    }

    private static Signer signer(ECKey key) {
        try {
            return new Signer(key.getKeyID(), new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("the signing key '" + key.getKeyID() + "' is not usable", e);
        }
    }

    /** The kid of the key that signs new tokens. */
    public String currentKeyId() {
        return publishedSigner().kid();
    }

    private Signer publishedSigner() {
        Signer candidate = current.current();
        if (candidate != lastPublished && verification.keyIdsIncluding(candidate.kid()).contains(candidate.kid())) {
            lastPublished = candidate;
        }
        return lastPublished;
    }

    @Override
    public SignedJWT sign(JWTClaimsSet claims) throws JOSEException {
        Signer signer = publishedSigner();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(TokenKeySets.ALGORITHM).type(JOSEObjectType.JWT)
                .keyID(signer.kid()).build(), claims);
        jwt.sign(signer.signer());
        return jwt;
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return verification.supportedAlgorithmsMessage();
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return verification.supports(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        return verification.verify(jwt);
    }
}
