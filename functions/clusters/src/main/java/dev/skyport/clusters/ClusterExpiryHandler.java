package dev.skyport.clusters;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.skyport.clusters.adapter.scheduler.ExpiryWakeUp;
import dev.skyport.clusters.application.ClusterExpiry;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ExpiringCluster;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters' expiries. A cluster's own EventBridge Scheduler schedule wakes it at that cluster's next moment
 * ({@link ExpiryWakeUp}): it tells the owner a day or an hour before, or starts the destroy of the cluster (or tells
 * its owner that deletion protection kept it). An hourly EventBridge rule ("Scheduled Event") sweeps every cluster
 * that expires within a day as a backstop, so a schedule that was lost is made good. Both act on the clusters as they
 * are then, by the same rules; expiries are data, so a wake-up that failed or came twice loses and doubles nothing.
 */
public class ClusterExpiryHandler extends EventHandler<ScheduledEvent, String> {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterExpiryHandler.class);

    @Inject
    ClusterExpiry expiry;
    @Inject
    JsonMapper json;

    public ClusterExpiryHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public ClusterExpiryHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String execute(ScheduledEvent event) {
        if (ExpiryWakeUp.DETAIL_TYPE.equals(event.getDetailType()) && ExpiryWakeUp.SOURCE.equals(event.getSource())) {
            Optional<ExpiringCluster> cluster = cluster(event);
            if (cluster.isEmpty()) {
                LOG.warn("an expiry wake-up without a cluster's owner and id: ignored");
                return "ignored";
            }
            ClusterExpiry.Outcome outcome = expiry.expire(cluster.get());
            LOG.info("expiry of cluster {}: {}", cluster.get().id().value(), outcome);
            return outcome.name().toLowerCase(java.util.Locale.ROOT);
        }
        ClusterExpiry.Sweep sweep = expiry.sweep();
        LOG.info("expiry sweep: {} told, {} destroys started, {} kept by protection, {} waiting", sweep.told(),
                sweep.destroyed(), sweep.kept(), sweep.waiting());
        return sweep.told() + " told, " + sweep.destroyed() + " destroyed, " + sweep.kept() + " kept, "
                + sweep.waiting() + " waiting";
    }

    private Optional<ExpiringCluster> cluster(ScheduledEvent event) {
        if (event.getDetail() == null) {
            return Optional.empty();
        }
        try {
            ExpiryWakeUp.Detail detail = json.readValue(json.writeValueAsBytes(event.getDetail()),
                    ExpiryWakeUp.Detail.class);
            if (detail.owner() == null || detail.clusterId() == null || !UuidText.matches(detail.clusterId())
                    || detail.owner().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new ExpiringCluster(new UserId(detail.owner()), new ClusterId(detail.clusterId())));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
