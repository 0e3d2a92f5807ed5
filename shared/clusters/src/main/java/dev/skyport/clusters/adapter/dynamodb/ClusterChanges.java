package dev.skyport.clusters.adapter.dynamodb;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ExpiringCluster;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventTypes;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the clusters table's stream: a change of a cluster item whose status changed (or a new cluster) is a
 * {@value EventTypes#CLUSTER_STATUS_CHANGED} event, a new notice of a cluster's expiry a
 * {@value EventTypes#CLUSTER_EXPIRING} event; every other change (history, runs, guards, log lines) is none. The
 * event's id is the stream record's, so a record read twice makes the same event.
 */
public final class ClusterChanges {

    private ClusterChanges() {
    }

    /**
     * @param eventId  the stream record's id
     * @param oldImage the item before the change, empty for a new item
     * @param newImage the item after the change, empty for a removed item
     * @throws IllegalArgumentException when a cluster item lacks what every cluster item has
     */
    public static Optional<DomainEvent> of(String eventId, Map<String, AttributeValue> oldImage,
                                           Map<String, AttributeValue> newImage) {
        if (newImage == null || newImage.isEmpty()) {
            return Optional.empty();
        }
        if (isNotice(newImage) && (oldImage == null || oldImage.isEmpty())) {
            return Optional.of(notice(eventId, newImage));
        }
        return isCluster(newImage) ? statusChange(eventId, oldImage, newImage) : Optional.empty();
    }

    /**
     * The cluster whose expiry wake-up a change may move, if it may: a new notice of its expiry, or a change of a
     * cluster item that had or has an expiry in which the expiry, the status or the deletion protection changed (its
     * removal too). Every other change (history, runs, guards, a cluster that never expires) concerns none.
     *
     * @param oldImage the item before the change, empty for a new item
     * @param newImage the item after the change, empty for a removed item
     * @throws IllegalArgumentException when such an item lacks its owner or id
     */
    public static Optional<ExpiringCluster> expiryConcern(Map<String, AttributeValue> oldImage,
                                                          Map<String, AttributeValue> newImage) {
        Map<String, AttributeValue> before = oldImage == null ? Map.of() : oldImage;
        Map<String, AttributeValue> after = newImage == null ? Map.of() : newImage;
        if (isNotice(after) && before.isEmpty()) {
            return Optional.of(new ExpiringCluster(
                    new UserId(text(after, "owner").orElseThrow(() -> malformed("owner"))),
                    new ClusterId(text(after, "clusterId").orElseThrow(() -> malformed("clusterId")))));
        }
        Map<String, AttributeValue> either = after.isEmpty() ? before : after;
        if (!isCluster(either) || !before.containsKey(ClusterItems.DESTROY_AT)
                && !after.containsKey(ClusterItems.DESTROY_AT)) {
            return Optional.empty();
        }
        boolean unchanged = !before.isEmpty() && !after.isEmpty()
                && Objects.equals(before.get(ClusterItems.DESTROY_AT), after.get(ClusterItems.DESTROY_AT))
                && Objects.equals(before.get("status"), after.get("status"))
                && Objects.equals(before.get("deletionProtection"), after.get("deletionProtection"));
        if (unchanged) {
            return Optional.empty(); // nothing the expiry depends on changed
        }
        return Optional.of(new ExpiringCluster(
                new UserId(text(either, "owner").orElseThrow(() -> malformed("owner"))),
                new ClusterId(text(either, "id").orElseThrow(() -> malformed("id")))));
    }

    private static DomainEvent notice(String eventId, Map<String, AttributeValue> image) {
        String owner = text(image, "owner").orElseThrow(() -> malformed("owner"));
        String expiry = text(image, "expiry").orElseThrow(() -> malformed("expiry"));
        return DomainEvent.of(eventId, new PlatformEvent.ClusterExpiring(new UserId(owner),
                text(image, "clusterId").orElseThrow(() -> malformed("clusterId")), text(image, "name").orElse(""),
                expiry, text(image, "notice").orElseThrow(() -> malformed("notice"))),
                Instant.ofEpochMilli(Long.parseLong(number(image, "at").orElseThrow(() -> malformed("at")))));
    }

    private static Optional<DomainEvent> statusChange(String eventId, Map<String, AttributeValue> oldImage,
                                                      Map<String, AttributeValue> newImage) {
        String status = text(newImage, "status").orElseThrow(() -> malformed("status"));
        Optional<String> previous = oldImage == null ? Optional.empty() : text(oldImage, "status");
        if (previous.filter(status::equals).isPresent()) {
            return Optional.empty();
        }
        String owner = text(newImage, "owner").orElseThrow(() -> malformed("owner"));
        PlatformEvent.ClusterStatusChanged changed = new PlatformEvent.ClusterStatusChanged(new UserId(owner),
                text(newImage, "id").orElseThrow(() -> malformed("id")), text(newImage, "name").orElse(""), status,
                previous, text(newImage, "reason"), text(newImage, "currentRun"),
                Long.parseLong(number(newImage, "version").orElseThrow(() -> malformed("version"))));
        Instant at = number(newImage, "updatedAt").map(Long::parseLong).map(Instant::ofEpochMilli)
                .orElseThrow(() -> malformed("updatedAt"));
        return Optional.of(DomainEvent.of(eventId, changed, at));
    }

    private static boolean isNotice(Map<String, AttributeValue> image) {
        AttributeValue sortKey = image.get(ClustersTable.SK);
        return sortKey != null && sortKey.s() != null && sortKey.s().startsWith(ClustersTable.EXPIRY_PREFIX);
    }

    private static boolean isCluster(Map<String, AttributeValue> image) {
        AttributeValue sortKey = image.get(ClustersTable.SK);
        return sortKey != null && sortKey.s() != null && sortKey.s().startsWith(ClustersTable.CLUSTER_PREFIX);
    }

    private static Optional<String> text(Map<String, AttributeValue> image, String name) {
        return Optional.ofNullable(image.get(name)).map(AttributeValue::s).filter(value -> !value.isEmpty());
    }

    private static Optional<String> number(Map<String, AttributeValue> image, String name) {
        return Optional.ofNullable(image.get(name)).map(AttributeValue::n);
    }

    private static IllegalArgumentException malformed(String attribute) {
        return new IllegalArgumentException("a cluster's item without " + attribute);
    }
}
