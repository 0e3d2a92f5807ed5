package dev.skyport.clusters.adapter.dynamodb;

import static dev.skyport.platform.dynamodb.AttributeValues.s;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.CreatedKeyCursors;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The start key of a page of one owner's clusters, from a cursor ({@link CreatedKeyCursors}): the table's key is
 * rebuilt with the caller's own id, so a cursor never reaches another owner's clusters.
 */
final class ClusterCursors {

    private ClusterCursors() {
    }

    static String of(Map<String, AttributeValue> lastEvaluatedKey) {
        return CreatedKeyCursors.encode(lastEvaluatedKey.get("createdKey").s());
    }

    static Map<String, AttributeValue> startKey(UserId owner, String cursor) {
        CreatedKeyCursors.CreatedKey last = CreatedKeyCursors.decode(cursor);
        Map<String, AttributeValue> key = new HashMap<>(ClustersTable.cluster(owner, new ClusterId(last.id())));
        key.put("owner", s(owner.value()));
        key.put("createdKey", s(last.value()));
        return key;
    }
}
