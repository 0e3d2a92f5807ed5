package dev.skyport.kernel;

import java.time.Duration;
import java.util.Map;

/**
 * Keeps secret values outside the tables: Secrets Manager in AWS. Tables and events only ever hold the reference
 * (the secret's ARN) that {@link #create} returns.
 */
public interface SecretStore {

    /** Stores a new secret under a name (unique within Skyport) and returns its reference. */
    String create(String name, String value, Map<String, String> tags);

    String read(String reference);

    void replace(String reference, String value);

    /** Deletes the secret; where the store supports it, it stays recoverable for {@code recoveryWindow}. */
    void delete(String reference, Duration recoveryWindow);
}
