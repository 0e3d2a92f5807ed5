package dev.skyport.local;

import com.nimbusds.jose.jwk.JWKSet;
import dev.skyport.platform.security.SigningKeySource;
import dev.skyport.platform.security.TokenKeySets;
import dev.skyport.platform.security.VerificationKeySource;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Development only: the token signing key (a P-256 key as a private JWK set) is generated on the first run and kept
 * in the data folder (owner-only permissions), so logins survive a restart. The one local process both signs and
 * verifies, so the public set is the public part of the same file. In AWS both sets come from Secrets Manager.
 */
@Singleton
@Requires(property = LocalSettings.SIGNING_KEY_FILE)
public class LocalSigningKeySource implements SigningKeySource, VerificationKeySource {

    private final JWKSet signing;

    LocalSigningKeySource(LocalFileSettings files) {
        this.signing = loadOrCreate(files.signingKey());
    }

    private static JWKSet loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return TokenKeySets.parseSigning(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            }
            JWKSet fresh = new JWKSet(List.of(TokenKeySets.generate(Instant.now())));
            LocalFiles.writeOwnerOnly(file, fresh.toString(false));
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the key file " + file, e);
        }
    }

    @Override
    public JWKSet signingKeys() {
        return signing;
    }

    @Override
    public JWKSet verificationKeys() {
        return TokenKeySets.publicPart(signing);
    }
}
