package dev.skyport.local;

import dev.skyport.platform.security.SigningKeySource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Development only: the token signing key is generated on the first run and kept in the data folder (owner-only
 * permissions), so logins survive a restart. In AWS the key comes from Secrets Manager.
 */
@Singleton
@Requires(property = LocalSettings.SIGNING_KEY_FILE)
public class LocalSigningKeySource implements SigningKeySource {

    private final byte[] key;

    public LocalSigningKeySource(@Value("${" + LocalSettings.SIGNING_KEY_FILE + "}") String file) {
        this.key = loadOrCreate(Path.of(file));
    }

    @Override
    public byte[] signingKey() {
        return key.clone();
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's own permissions apply.
            }
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the signing key " + file, e);
        }
    }
}
