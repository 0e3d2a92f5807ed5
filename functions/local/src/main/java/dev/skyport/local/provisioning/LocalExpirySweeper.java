package dev.skyport.local.provisioning;

import dev.skyport.clusters.application.ClusterExpiry;
import dev.skyport.local.LocalOnly;
import dev.skyport.local.LocalSettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development only: sweeps the clusters' expiries at a short interval ({@value LocalSettings#EXPIRY_SWEEP}), the
 * same {@link ClusterExpiry} a schedule runs in AWS. The expiries are data in the store, so a sweep after a restart
 * does whatever came due while the platform was down.
 */
@Context
@LocalOnly
public class LocalExpirySweeper implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalExpirySweeper.class);

    private final ClusterExpiry expiry;
    private final Duration every;
    private volatile boolean running = true;
    private Thread thread;

    public LocalExpirySweeper(ClusterExpiry expiry,
                              @Value("${" + LocalSettings.EXPIRY_SWEEP + ":5s}") Duration every) {
        this.expiry = expiry;
        this.every = every;
    }

    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("skyport-expiry-sweeper").start(this::sweepEvery);
        }
    }

    private void sweepEvery() {
        while (running) {
            try {
                Thread.sleep(every);
                ClusterExpiry.Sweep sweep = expiry.sweep();
                if (sweep.told() + sweep.destroyed() + sweep.kept() > 0) {
                    LOG.info("expiry sweep: {} told, {} destroys started, {} kept by protection, {} waiting",
                            sweep.told(), sweep.destroyed(), sweep.kept(), sweep.waiting());
                }
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("expiry sweep failed, tried again in {}: {}", every, e.toString());
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        Thread sweeper = thread;
        if (sweeper != null) {
            sweeper.interrupt();
            sweeper.join(2_000);
        }
    }
}
