package dev.skyport.platform.security;

/** The secret that signs and verifies access tokens (HS256): Secrets Manager in AWS, a local file locally. */
public interface SigningKeySource {

    /** At least 256 bits of key material. */
    byte[] signingKey();
}
