package dev.skyport.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.skyport.platform.aws.PrimingSettings;
import dev.skyport.platform.lambda.Initialization;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import java.text.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming of the token check: before the snapshot, signs a token with a throwaway P-256 key made here and
 * checks it the way {@link VerificationKeys} checks a person's (Nimbus's ES256 verifier over the JDK's EC code), so
 * the first request after a restore does not pay for the first signature check: the EC arithmetic's classes and
 * tables and their first compilation. The priming request cannot do it: its token names no key of ours and is refused
 * before any signature is checked. The key is thrown away and never trusted. A failure only logs.
 */
@Singleton
@Requires(property = PrimingSettings.PRIME_CLIENTS, value = "true")
@Requires(condition = Initialization.OffTheRequestPath.class)
@Requires(beans = VerificationKeys.class)
public class TokenCheckPrimer {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCheckPrimer.class);
    /** A few rounds, so the hottest arithmetic is compiled before the snapshot, not only loaded. */
    static final int CHECKS = 20;

    @PostConstruct
    void prime() {
        if (!checkThrowawayTokens()) {
            LOG.warn("priming the token check: a throwaway token did not verify");
        }
    }

    /** Signs a token with a new throwaway key and checks it {@value #CHECKS} times; whether every check passed. */
    static boolean checkThrowawayTokens() {
        try {
            ECKey throwaway = new ECKeyGenerator(Curve.P_256).keyID("priming").generate();
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("priming").build(),
                    new JWTClaimsSet.Builder().subject("priming").build());
            token.sign(new ECDSASigner(throwaway));
            ECDSAVerifier verifier = new ECDSAVerifier(throwaway.toPublicJWK());
            boolean valid = true;
            for (int check = 0; check < CHECKS; check++) {
                valid &= SignedJWT.parse(token.serialize()).verify(verifier);
            }
            return valid;
        } catch (JOSEException | ParseException | RuntimeException e) {
            LOG.warn("priming the token check failed ({}); the first request will warm it instead",
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
