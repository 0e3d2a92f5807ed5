package dev.skyport.platform.security;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * The public keys every function verifies access tokens with: a JWK set of at most two P-256 keys (current and
 * previous, or current and next during a rotation), each with a {@code kid}.
 */
public interface VerificationKeySource {

    JWKSet verificationKeys();
}
