package dev.skyport.identity.adapter.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.skyport.identity.application.AccessTokens;
import dev.skyport.identity.application.IdentityRules;
import dev.skyport.identity.domain.Role;
import dev.skyport.identity.domain.User;
import dev.skyport.platform.security.SecuritySettings;
import dev.skyport.platform.security.SigningKeys;
import dev.skyport.platform.sessions.LiveSessions;
import dev.skyport.platform.sessions.StepUp;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Access tokens as ES256 JWTs with sub, username, roles, sid (the session), mfa (two-factor sign-in on), iss, aud,
 * iat, exp and jti, signed with the
 * current private key (its kid in the header).
 * Only the identity functions (auth, accounts) hold this class and a private key.
 */
@Singleton
public class JwtAccessTokens implements AccessTokens {

    private final BeanProvider<SigningKeys> signature;
    private final IdentityRules settings;
    private final String issuer;
    private final String audience;

    /**
     * @param signature the signing keys, looked up when a token is issued: the event functions that share this jar
     *                  (pending events) issue none and are given no private key, so they have no such bean
     */
    public JwtAccessTokens(BeanProvider<SigningKeys> signature, IdentityRules settings,
                           SecuritySettings security) {
        this.signature = signature;
        this.settings = settings;
        this.issuer = security.issuer();
        this.audience = security.audience();
    }

    @Override
    public IssuedAccessToken issue(User user, String sessionId, Instant now) {
        Instant expiresAt = now.plus(settings.accessTokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user.id().value())
                .claim("username", user.username().value())
                .claim("roles", user.roles().stream().map(Role::name).sorted().toList())
                .claim(LiveSessions.SESSION_CLAIM, sessionId)
                .claim(StepUp.MFA_CLAIM, user.secondFactor())
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            return new IssuedAccessToken(signature.get().sign(claims).serialize(), expiresAt);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
    }
}
