package dev.skyport.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * How Skyport's token key sets look and are checked: P-256 EC keys for ES256, each with a distinct {@code kid}, at most
 * two per set. A set that breaks a rule stops the function at start with a message that says what to fix (and never
 * the key material).
 */
public final class TokenKeySets {

    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;
    public static final int MAX_KEYS = 2;
    /** What the secrets hold until the first keys are made: an empty set, refused at start with HOW_TO_FIX. */
    public static final String NO_KEYS_YET = "{\"keys\":[]}";
    static final String HOW_TO_FIX = "make the first keys with"
            + " 'java -jar shared/tools/target/skyport-tools.jar token-keys init' (docs/deploy.md, 'Token signing keys')";

    private TokenKeySets() {
    }

    /** A private set: every key has its private part. */
    public static JWKSet parseSigning(String json, String where) {
        List<ECKey> keys = parse(json, where);
        for (ECKey key : keys) {
            if (!key.isPrivate()) {
                throw new IllegalStateException("the signing key '" + key.getKeyID() + "' in " + where
                        + " has no private part");
            }
        }
        return new JWKSet(List.copyOf(keys));
    }

    /** A public set: no key may carry its private part (the set is readable by every function). */
    public static JWKSet parseVerification(String json, String where) {
        List<ECKey> keys = parse(json, where);
        for (ECKey key : keys) {
            if (key.isPrivate()) {
                throw new IllegalStateException("the verification key '" + key.getKeyID() + "' in " + where
                        + " carries a private key: publish only public keys");
            }
        }
        return new JWKSet(List.copyOf(keys));
    }

    /** A fresh P-256 key for ES256; its kid and {@code iat} say when it was made. */
    public static ECKey generate(Instant now) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(ALGORITHM)
                    .keyID("skyport-" + now.getEpochSecond() + "-" + UUID.randomUUID().toString().substring(0, 8))
                    .issueTime(Date.from(now)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a P-256 key", e);
        }
    }

    public static JWKSet publicPart(JWKSet signing) {
        return signing.toPublicJWKSet();
    }

    private static List<ECKey> parse(String json, String where) {
        if (json == null || json.isBlank()) {
            throw new IllegalStateException("no token keys in " + where + ": " + HOW_TO_FIX);
        }
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            // The parser's message may quote the input, which may be a private key: not passed on.
            throw new IllegalStateException("the token keys in " + where + " are not a JWK set: " + HOW_TO_FIX);
        }
        List<JWK> keys = set.getKeys();
        if (keys.isEmpty()) {
            throw new IllegalStateException("no token keys in " + where + ": " + HOW_TO_FIX);
        }
        if (keys.size() > MAX_KEYS) {
            throw new IllegalStateException("the token keys in " + where + " hold " + keys.size()
                    + " keys; at most " + MAX_KEYS + " (current and previous or next)");
        }
        Set<String> kids = new HashSet<>();
        for (JWK key : keys) {
            if (key.getKeyID() == null || key.getKeyID().isBlank() || !kids.add(key.getKeyID())) {
                throw new IllegalStateException("every token key in " + where + " needs its own kid");
            }
            if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                throw new IllegalStateException("the token key '" + key.getKeyID() + "' in " + where
                        + " is not a P-256 EC key (tokens are ES256)");
            }
            if (key.getAlgorithm() != null && !ALGORITHM.equals(key.getAlgorithm())) {
                throw new IllegalStateException("the token key '" + key.getKeyID() + "' in " + where
                        + " is for " + key.getAlgorithm() + ", not ES256");
            }
        }
        return keys.stream().map(ECKey.class::cast).toList();
    }
}
