package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import java.util.List;
import java.util.Optional;

/**
 * One page of a person's clusters, newest first, and the cursor of the next page when there may be one. A page
 * may hold fewer clusters than asked for (the status filter applies after the page is read) and still have a next.
 */
public record ClusterPage(List<Cluster> clusters, Optional<String> nextCursor) {

    public ClusterPage {
        clusters = List.copyOf(clusters);
    }
}
