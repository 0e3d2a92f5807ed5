package dev.skyport.platform.security;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.micronaut.security.token.jwt.validator.JWTClaimsSetUtils;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Set;

/**
 * The time claims of an access token (RFC 8725 / RFC 7519 4.1.4-6): {@code exp} is required and must not have passed,
 * {@code nbf} and {@code iat}, when present, must not lie in the future, each give or take the configured clock skew
 * ({@code skyport.security.clock-skew}, 30 s by default). Micronaut's own expiration validator accepts a token without
 * {@code exp} and allows no skew, so it is switched off in favour of this one (Nimbus' claims verifier plus the
 * {@code iat} check it lacks).
 * <p>
 * A token refused because its {@code exp} has passed marks its request with {@link #EXPIRED}, so the 401 can say
 * what to do (refresh). Micronaut asks claims validators only about a token whose signature one of the verification
 * keys has accepted (its {@code NimbusReactiveJsonWebTokenValidator} checks the signature first), so nothing is ever
 * said about a token that was not signed by a key of ours; nothing about the token itself is kept.
 */
@Singleton
public class TokenTimeClaimsValidator<T> implements GenericJwtClaimsValidator<T> {

    /** The request attribute, {@code true}, of a correctly signed access token that is refused as expired. */
    public static final String EXPIRED = "skyport.access-token-expired";

    private final Clock clock;
    private final Duration skew;
    private final DefaultJWTClaimsVerifier<?> verifier;

    @Inject
    public TokenTimeClaimsValidator(Clock clock, SecuritySettings settings) {
        this(clock, settings.clockSkew());
    }

    public TokenTimeClaimsValidator(Clock clock, Duration skew) {
        this.clock = clock;
        this.skew = skew;
        this.verifier = new DefaultJWTClaimsVerifier<>(null, Set.of("exp")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew(Math.toIntExact(skew.toSeconds()));
    }

    @Override
    public boolean validate(Claims claims, T request) {
        JWTClaimsSet set = JWTClaimsSetUtils.jwtClaimsSetFromClaims(claims);
        if (set == null) {
            return false;
        }
        try {
            verifier.verify(set, null);
        } catch (BadJWTException e) {
            Date expiry = set.getExpirationTime();
            if (expiry != null && request instanceof HttpRequest<?> http
                    && expiry.toInstant().plus(skew).isBefore(clock.instant())) {
                http.setAttribute(EXPIRED, Boolean.TRUE);
            }
            return false;
        }
        Date issuedAt = set.getIssueTime();
        return issuedAt == null || !issuedAt.toInstant().isAfter(clock.instant().plus(skew));
    }
}
