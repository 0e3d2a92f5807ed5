package dev.skyport.clusters.adapter.dynamodb;

import dev.skyport.clusters.application.ClusterPage;
import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.kernel.DependentResources;
import dev.skyport.kernel.UserId;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The clusters that are not DELETED hold their owner's account and their cloud account: they cost money in that
 * cloud, and only Skyport knows how to remove them. The count items answer the common case (none) in one read.
 */
@Singleton
public class ClusterDependents implements DependentResources {

    /** Pages read at most: the quota keeps a person's live clusters few, DELETED ones are filtered out. */
    private static final int PAGES = 20;

    private final Clusters clusters;

    public ClusterDependents(Clusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public List<String> ofUser(UserId owner) {
        return names(owner, cluster -> true);
    }

    @Override
    public List<String> usingCloudAccount(UserId owner, String cloudAccountId) {
        if (clusters.activeIn(owner, cloudAccountId) == 0) {
            return List.of();
        }
        return names(owner, cluster -> cluster.cloudAccountId().equals(cloudAccountId));
    }

    private List<String> names(UserId owner, Predicate<Cluster> wanted) {
        List<String> names = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int page = 0; page < PAGES; page++) {
            ClusterPage found = clusters.page(owner, Optional.empty(), cursor, 50);
            found.clusters().stream().filter(wanted)
                    .map(cluster -> "cluster " + cluster.spec().name().value() + " (" + cluster.status() + ")")
                    .forEach(names::add);
            cursor = found.nextCursor();
            if (cursor.isEmpty()) {
                break;
            }
        }
        return names;
    }
}
