package dev.skyport.clusters;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.skyport.clusters.application.ClusterExpiry;
import dev.skyport.platform.lambda.EventHandler;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters' expiries, swept every few minutes by an EventBridge schedule: tells owners a day and an hour before,
 * and starts the destroy of a cluster whose expiry came (or tells its owner that deletion protection kept it).
 * Expiries are data, so a sweep that failed or was missed is made good by the next one.
 */
public class ClusterExpiryHandler extends EventHandler<ScheduledEvent, String> {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterExpiryHandler.class);

    @Inject
    ClusterExpiry expiry;

    public ClusterExpiryHandler() {
        super();
    }

    /** Runs the handler on a context the caller built, as tests do. */
    public ClusterExpiryHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String execute(ScheduledEvent event) {
        ClusterExpiry.Sweep sweep = expiry.sweep();
        LOG.info("expiry sweep: {} told, {} destroys started, {} kept by protection, {} waiting", sweep.told(),
                sweep.destroyed(), sweep.kept(), sweep.waiting());
        return sweep.told() + " told, " + sweep.destroyed() + " destroyed, " + sweep.kept() + " kept, "
                + sweep.waiting() + " waiting";
    }
}
