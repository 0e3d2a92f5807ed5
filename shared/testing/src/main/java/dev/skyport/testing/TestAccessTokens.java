package dev.skyport.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Access tokens shaped as the identity functions issue them (ES256, the test key's kid, issuer and audience of the
 * defaults, role USER) but naming no session: every function accepts them for reads; the session check refuses
 * them for writes unless it is switched off.
 */
public final class TestAccessTokens {

    private TestAccessTokens() {
    }

    /** A compact token for {@code user}, signed with {@link SkyportTestProperties#CURRENT_KEY}. */
    public static String sessionless(String user, String username, Instant issuedAt, Duration lifetime) {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(SkyportTestProperties.CURRENT_KEY.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(user).claim("username", username).claim("roles", List.of("USER"))
                        .issuer("https://skyport.dev").audience("skyport-api").issueTime(Date.from(issuedAt))
                        .expirationTime(Date.from(issuedAt.plus(lifetime))).build());
        try {
            token.sign(new ECDSASigner(SkyportTestProperties.CURRENT_KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException("the test key cannot sign", e);
        }
        return token.serialize();
    }
}
