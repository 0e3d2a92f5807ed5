package dev.skyport.platform.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The access tokens whose signature a function has already checked, each with the key object that checked it. A
 * client sends the same token with every request for up to 15 minutes, and the ES256 check is the largest part of a
 * warm read (about 40 % of {@code GET /me}'s CPU in {@code WarmPathBench}); a second request with the same token is
 * accepted on this memory instead.
 * <p>
 * Only a successful check is kept, so nothing an attacker sends can fill it, and it holds at most {@code capacity}
 * tokens (least recently used first out). A token is known by the SHA-256 of its exact compact form: any changed
 * byte is another token, and a lookup compares digests, never a stored token with the one presented, so its timing
 * tells nothing about another person's token. The key object is part of the answer: when the key set is read again
 * (a rotation, a retired key) every key is a new object and every token is checked again. Expiry and the other
 * claims are checked on every request as before; this only spares the signature.
 */
final class VerifiedTokens {

    private final Map<ByteBuffer, Object> byDigest;

    VerifiedTokens(int capacity) {
        this.byDigest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The key a token is known by. */
    static ByteBuffer digest(String compactToken) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                    .digest(compactToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Whether {@code key} itself has verified the token with this digest. */
    synchronized boolean verifiedBy(ByteBuffer digest, Object key) {
        return byDigest.get(digest) == key;
    }

    synchronized void remember(ByteBuffer digest, Object key) {
        byDigest.put(digest, key);
    }

    synchronized int size() {
        return byDigest.size();
    }
}
