package dev.skyport.identity.application;

/**
 * The cryptography of second factors, under a key the table never holds: TOTP secrets sealed (authenticated
 * encryption bound to their person, so a sealed secret copied to another person's item does not open), and recovery
 * codes reduced to keyed hashes. A copy of the users table alone yields neither.
 */
public interface SecondFactorKeys {

    /** Seals a secret for one context (the person it belongs to). */
    String seal(byte[] secret, String context);

    /** @throws IllegalStateException when it was not sealed for this context under a key held here */
    byte[] open(String sealed, String context);

    /** The keyed hash a recovery code is stored and looked up as. */
    String recoveryCodeHash(String normalizedCode);
}
