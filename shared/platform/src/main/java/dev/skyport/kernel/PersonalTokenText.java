package dev.skyport.kernel;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The text of a personal access token (issue 29), shown to its person once:
 * {@code skp_} + 30 random base62 characters (about 178 bits) + 6 base62 characters of the CRC32 of those 30, as
 * GitHub's tokens are built. The prefix and the fixed shape let secret scanners find a leaked token
 * ({@link #PATTERN}); the checksum lets Skyport refuse a mistyped or made-up token without a lookup. Only the
 * SHA-256 of the whole text is stored ({@link OpaqueToken#hash}): a token has far too much entropy to be guessed
 * from its hash, so a slow password hash would only cost every request time and buy nothing.
 */
public final class PersonalTokenText {

    public static final String PREFIX = "skp_";
    static final int RANDOM_LENGTH = 30;
    static final int CHECKSUM_LENGTH = 6;
    /** What a secret scanner looks for (docs/api.md says so too). */
    public static final Pattern PATTERN = Pattern.compile("\\bskp_[0-9A-Za-z]{36}\\b");

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final RandomGenerator RANDOM = new SecureRandom();

    private PersonalTokenText() {
    }

    /** A new token's text. */
    public static String generate() {
        StringBuilder random = new StringBuilder(RANDOM_LENGTH);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            random.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return PREFIX + random + checksum(random);
    }

    /** Whether {@code text} has the shape of a token (the prefix), whatever the rest. */
    public static boolean looksLikeOne(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /** The text's hash, as stored, when the text is a well-formed token with a right checksum; empty otherwise. */
    public static Optional<String> hashIfWellFormed(String text) {
        if (text == null || text.length() != PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH
                || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < text.length(); i++) {
            if (BASE62.indexOf(text.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        String random = text.substring(PREFIX.length(), PREFIX.length() + RANDOM_LENGTH);
        if (!checksum(random).equals(text.substring(PREFIX.length() + RANDOM_LENGTH))) {
            return Optional.empty();
        }
        return Optional.of(OpaqueToken.hash(text));
    }

    /** The CRC32 of the random part, in 6 base62 characters (62^6 > 2^32), most significant first. */
    static String checksum(CharSequence random) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < random.length(); i++) {
            crc.update(random.charAt(i));
        }
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }
}
