package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailAddress;

/** Verifies Google ID tokens: signature against Google's JWKS, issuer, audience, expiry, verified e-mail. */
public interface GoogleIdTokens {

    /** @throws dev.skyport.kernel.DomainException of kind UNAUTHENTICATED when the token does not hold */
    GoogleIdentity verify(String idToken);

    record GoogleIdentity(String subject, EmailAddress email, java.time.Instant issuedAt) {
    }
}
