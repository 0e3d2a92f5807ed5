package dev.skyport.platform.dynamodb;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UuidText;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Page cursors over an index sorted by {@code createdKey} ({@code <ISO instant>#<uuid>}): the last key of a page,
 * base64url. A cursor is decoded and checked before anything reaches DynamoDB; the rest of the start key is the
 * caller's to add (and for per-owner lists, from the caller's own id, so a cursor never crosses owners).
 */
public final class CreatedKeyCursors {

    /** Longer than any cursor {@link #encode} makes. */
    private static final int MAX_LENGTH = 128;

    private CreatedKeyCursors() {
    }

    /** A decoded cursor: the whole createdKey, and the id it ends with. */
    public record CreatedKey(String value, String id) {
    }

    public static String encode(String createdKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(createdKey.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws DomainException {@code invalid-cursor} (400) for anything {@link #encode} did not make */
    public static CreatedKey decode(String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        String createdKey;
        try {
            createdKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int hash = createdKey.lastIndexOf('#');
        String id = hash < 0 ? "" : createdKey.substring(hash + 1);
        if (hash < 1 || !UuidText.matches(id) || !isInstant(createdKey.substring(0, hash))) {
            throw invalid();
        }
        return new CreatedKey(createdKey, id);
    }

    private static boolean isInstant(String text) {
        try {
            DateTimeFormatter.ISO_INSTANT.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static DomainException invalid() {
        return DomainException.invalid("invalid-cursor", "cursor is not one this API returned");
    }
}
