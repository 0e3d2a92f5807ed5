package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import dev.skyport.notifications.domain.Notification;
import java.util.Map;
import java.util.Optional;

/**
 * Which events a person is told about, and in which words. A cluster's status change
 * ({@value #CLUSTER_STATUS_CHANGED}: subject the owner; data {@code clusterId, name, status, previous, reason})
 * notifies when it reaches RUNNING, FAILED, DELETED or DELETE_FAILED; the steps in between are live messages only.
 */
public final class NotificationRules {

    public static final String CLUSTER_STATUS_CHANGED = "cluster.status-changed";

    private NotificationRules() {
    }

    /** The notification an event makes, if it makes one. */
    public static Optional<Notification> of(DomainEvent event) {
        if (!CLUSTER_STATUS_CHANGED.equals(event.type()) || !UuidText.matches(event.subject())) {
            return Optional.empty();
        }
        Map<String, String> data = event.data();
        String name = data.getOrDefault("name", "your cluster");
        String cluster = data.getOrDefault("clusterId", "");
        String reason = data.getOrDefault("reason", "");
        String[] words = switch (data.getOrDefault("status", "")) {
            case "RUNNING" -> new String[] {"cluster.running", "Cluster " + name + " is running",
                    "Its Kubernetes API is ready; the endpoint is on the cluster's page."};
            case "FAILED" -> new String[] {"cluster.failed", "Cluster " + name + " failed",
                    ("cancelled".equals(reason) ? "Its run was cancelled." : "Its run failed: " + reason + ".")
                            + " Retry it, or delete it to remove what was made."};
            case "DELETED" -> new String[] {"cluster.deleted", "Cluster " + name + " is deleted",
                    "Everything Skyport made for it in your cloud account is gone."};
            case "DELETE_FAILED" -> new String[] {"cluster.delete-failed", "Cluster " + name + " could not be deleted",
                    "The destroy run failed" + (reason.isEmpty() ? "" : ": " + reason)
                            + ". Some resources may remain in your cloud account; delete it again."};
            default -> null;
        };
        if (words == null) {
            return Optional.empty();
        }
        return Optional.of(Notification.of(event.id(), event.occurredAt(), new UserId(event.subject()), words[0],
                words[1], words[2], "/clusters/" + cluster));
    }
}
