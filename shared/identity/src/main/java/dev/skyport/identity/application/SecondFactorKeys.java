package dev.skyport.identity.application;

import java.util.List;

/**
 * The cryptography of second factors, under a key the table never holds: TOTP secrets sealed (authenticated
 * encryption bound to their person, so a sealed secret copied to another person's item does not open), and recovery
 * codes reduced to keyed hashes. A copy of the users table alone yields neither.
 */
public interface SecondFactorKeys {

    /** Seals a secret for one context (the person it belongs to), under the current key. */
    String seal(byte[] secret, String context);

    /**
     * Opens a secret sealed under the current key or an earlier one still held (a rotation keeps them).
     *
     * @throws IllegalStateException when it was not sealed for this context under a key held here
     */
    byte[] open(String sealed, String context);

    /** Whether it was sealed under the current key; one sealed under an earlier key is sealed again when used. */
    default boolean sealedUnderCurrentKey(String sealed) {
        return true;
    }

    /** The keyed hash a new recovery code is stored as (under the current key). */
    String recoveryCodeHash(String normalizedCode);

    /**
     * The hashes a recovery code may be stored as: under the current key first, then under each earlier key still
     * held (codes made before a rotation keep working).
     */
    default List<String> recoveryCodeHashes(String normalizedCode) {
        return List.of(recoveryCodeHash(normalizedCode));
    }
}
