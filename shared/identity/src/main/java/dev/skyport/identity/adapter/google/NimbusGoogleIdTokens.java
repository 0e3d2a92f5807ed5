package dev.skyport.identity.adapter.google;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.skyport.identity.application.GoogleIdTokens;
import dev.skyport.identity.domain.EmailAddress;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.Set;

/**
 * Verifies Google ID tokens with Nimbus JOSE: RS256 signature against the JWKS (fetched from the configured URL
 * and cached), issuer {@code accounts.google.com}, audience = the configured client id, expiry, and a verified
 * e-mail address.
 */
@Singleton
public class NimbusGoogleIdTokens implements GoogleIdTokens {

    private static final Set<String> ISSUERS = Set.of("https://accounts.google.com", "accounts.google.com");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final GoogleSettings settings;

    public NimbusGoogleIdTokens(GoogleSettings settings) throws MalformedURLException {
        this.settings = settings;
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(settings.jwksUrl().toURL())
                .retrying(true).build();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null,
                Set.of("iss", "aud", "sub", "exp", "email")));
    }

    /** Google's ID tokens are about 1 KB; nothing much longer is parsed. */
    private static final int MAX_TOKEN_LENGTH = 8 * 1024;

    @Override
    public GoogleIdentity verify(String idToken) {
        if (settings.client().isEmpty()) {
            // Said to anyone who asks, so it names no setting: the operator's guide does.
            throw new DomainException(Failure.NOT_ENABLED, "google-sign-in-not-enabled",
                    "Google sign-in is not enabled on this Skyport: sign in with your e-mail or username and password");
        }
        if (idToken == null || idToken.isBlank()) {
            throw DomainException.invalid("invalid-google-token", "id_token is required");
        }
        if (idToken.length() > MAX_TOKEN_LENGTH) {
            throw DomainException.invalid("invalid-google-token", "id_token is longer than any Google ID token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw rejected("the Google ID token is malformed, expired or not signed by Google");
        }
        if (!ISSUERS.contains(claims.getIssuer())) {
            throw rejected("the ID token was not issued by Google");
        }
        if (!claims.getAudience().contains(settings.client().get())) {
            throw rejected("the ID token was issued for another application");
        }
        Object verified = claims.getClaim("email_verified");
        if (!(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
            throw rejected("the Google account's e-mail address is not verified");
        }
        try {
            return new GoogleIdentity(claims.getSubject(), new EmailAddress(claims.getStringClaim("email")),
                    claims.getIssueTime() == null ? java.time.Instant.EPOCH : claims.getIssueTime().toInstant());
        } catch (ParseException | DomainException e) {
            throw rejected("the ID token carries no usable e-mail address");
        }
    }

    private static DomainException rejected(String detail) {
        return new DomainException(Failure.UNAUTHENTICATED, "invalid-google-token", detail);
    }
}
