package dev.skyport.clusters.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A page cursor is the {@code createdKey} ({@code <ISO instant>#<cluster id>}) of the last cluster of a page, base64
 * url-encoded. The rest of DynamoDB's start key follows from it and from the caller: a cursor never reaches another
 * owner's clusters, and anything not of that shape is refused before it reaches DynamoDB.
 */
final class ClusterCursors {

    private static final int MAX_LENGTH = 128;

    private ClusterCursors() {
    }

    static String of(Map<String, AttributeValue> lastEvaluatedKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                lastEvaluatedKey.get("createdKey").s().getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> startKey(UserId owner, String cursor) {
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
        Map<String, AttributeValue> key = new HashMap<>(ClustersTable.cluster(owner, new ClusterId(id)));
        key.put("owner", s(owner.value()));
        key.put("createdKey", s(createdKey));
        return key;
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
