package dev.skyport.identity.adapter.argon2;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.skyport.identity.application.PasswordHasher;
import dev.skyport.identity.domain.PlainPassword;
import jakarta.inject.Singleton;

/**
 * Argon2id through Password4j with the OWASP parameters (m = 19 MiB, t = 2, p = 1), a 16-byte random salt and a
 * 32-byte tag, stored in the standard PHC string form ({@code $argon2id$v=19$m=19456,t=2,p=1$...}). Hashes
 * are checked with the parameters they were made with, so the parameters can be raised later.
 */
@Singleton
public class Argon2idPasswordHasher implements PasswordHasher {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int TAG_BYTES = 32;
    static final int SALT_BYTES = 16;

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM,
            TAG_BYTES, Argon2.ID);

    /**
     * The hash checked for unknown accounts, made on first use rather than when the bean is built: functions that
     * never check a password (and every cold start) do not pay for an Argon2 hash.
     */
    private static final class Decoy {
        static final String HASH = hashOf(new PlainPassword("decoy password for unknown accounts"));
    }

    private static String hashOf(PlainPassword password) {
        return Password.hash(password.value()).addRandomSalt(SALT_BYTES).with(ARGON2).getResult();
    }

    @Override
    public String hash(PlainPassword password) {
        return hashOf(password);
    }

    @Override
    public boolean matches(PlainPassword password, String hash) {
        if (hash == null || !hash.startsWith("$argon2id$")) {
            return false;
        }
        return Password.check(password.value(), hash).with(Argon2Function.getInstanceFromHash(hash));
    }

    @Override
    public void spendVerificationTime(PlainPassword password) {
        matches(password, Decoy.HASH);
    }
}
