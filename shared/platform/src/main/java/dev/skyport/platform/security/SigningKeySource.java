package dev.skyport.platform.security;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * The private keys that sign access tokens (ES256): a JWK set of at most two P-256 keys, the first one signs. Only the
 * token-issuing functions (auth, accounts) have one; Secrets Manager in AWS, a local file locally.
 */
public interface SigningKeySource {

    JWKSet signingKeys();
}
