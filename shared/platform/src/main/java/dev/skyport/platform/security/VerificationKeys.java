package dev.skyport.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How every function checks the signature of an access token (RFC 8725): ES256 only, with the public key the header's
 * {@code kid} names. Another algorithm ({@code none}, HS256 over the public key, RS256, ...), a missing or unknown kid
 * or a bad signature: the token is refused. Micronaut Security asks this bean (the only {@link SignatureConfiguration}
 * that says yes to ES256) for every incoming token.
 * <p>
 * The public set is read again every {@code skyport.security.token-keys-max-age} (5 minutes), and at once (at most
 * every 30 seconds) when a token names a kid not held yet, so a key published by a rotation is accepted everywhere
 * before it signs anything, and a retired key stops being accepted within the maximum age. Functions that take no
 * HTTP requests (event handlers) get no key set and have no such bean.
 * <p>
 * A token received again is not checked again while the key that checked it is still held ({@link VerifiedTokens}).
 */
@Singleton
@Requires(beans = VerificationKeySource.class)
public class VerificationKeys implements SignatureConfiguration {

    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** About 0.3 MB of digests: more people than one warm function instance serves within a token's 15 minutes. */
    static final int VERIFIED_TOKENS_HELD = 2048;

    private final RefreshingKeys<Map<String, ECDSAVerifier>> verifiers;
    private final VerifiedTokens verified = new VerifiedTokens(VERIFIED_TOKENS_HELD);

    @Inject
    public VerificationKeys(VerificationKeySource source, Clock clock, SecuritySettings settings) {
        this(source, clock, settings.tokenKeysMaxAge());
    }

    public VerificationKeys(VerificationKeySource source, Clock clock, Duration maxAge) {
        this.verifiers = new RefreshingKeys<>(() -> byKid(source.verificationKeys()), clock, maxAge,
                MIN_REFRESH_INTERVAL);
    }

    private static Map<String, ECDSAVerifier> byKid(JWKSet keys) {
        Map<String, ECDSAVerifier> byKid = new LinkedHashMap<>();
        for (JWK key : keys.getKeys()) {
            try {
                byKid.put(key.getKeyID(), new ECDSAVerifier((ECKey) key));
            } catch (JOSEException e) {
                throw new IllegalStateException("the verification key '" + key.getKeyID() + "' is not usable", e);
            }
        }
        return Map.copyOf(byKid);
    }

    /** The kids of the keys tokens may be signed with; asks the source again if {@code kid} is not among them. */
    Set<String> keyIdsIncluding(String kid) {
        Map<String, ECDSAVerifier> held = verifiers.current();
        return held.containsKey(kid) ? held.keySet() : verifiers.refreshed().keySet();
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return "Only the ES256 JWS algorithm is supported";
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return TokenKeySets.ALGORITHM.equals(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        String kid = jwt.getHeader().getKeyID();
        if (!supports(jwt.getHeader().getAlgorithm()) || kid == null) {
            return false;
        }
        ECDSAVerifier verifier = verifiers.current().get(kid);
        if (verifier == null) {
            verifier = verifiers.refreshed().get(kid);
        }
        if (verifier == null) {
            return false;
        }
        String received = jwt.getParsedString();
        if (received == null) {
            return jwt.verify(verifier);
        }
        ByteBuffer digest = VerifiedTokens.digest(received);
        if (verified.verifiedBy(digest, verifier)) {
            return true;
        }
        boolean valid = jwt.verify(verifier);
        if (valid) {
            verified.remember(digest, verifier);
        }
        return valid;
    }

    /** How many checked tokens are held. */
    int verifiedTokensHeld() {
        return verified.size();
    }
}
