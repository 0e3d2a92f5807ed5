package dev.skyport.notifications.adapter.inprocess;

import dev.skyport.notifications.application.DeliveryJob;
import dev.skyport.notifications.application.DeliveryQueue;
import dev.skyport.notifications.application.DeliveryWork;
import io.micronaut.context.BeanProvider;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery queue of the local platform, with the rules of the SQS one: {@link #enqueue} returns at once, the same
 * {@link DeliveryWork} makes each attempt on worker threads, a job is due when the platform's clock reaches its
 * delay (so a test moves the clock by a day instead of waiting one), and a job whose work failed (held elsewhere, a
 * table that did not answer) is delivered again a little later, as SQS would after its visibility timeout. Never in
 * a Lambda.
 */
public class InProcessDeliveryQueue implements DeliveryQueue {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessDeliveryQueue.class);
    /** How often due jobs are looked for, in real time. */
    private static final Duration TICK = Duration.ofMillis(50);
    /** When a job whose work failed is due again, on the platform's clock. */
    private static final Duration VISIBILITY = Duration.ofSeconds(1);
    private static final int MAX_RECEIVES = 20;

    private record Entry(Instant due, long order, DeliveryJob job, int receives) {
    }

    private final BeanProvider<DeliveryWork> work;
    private final Clock clock;
    private final AtomicLong order = new AtomicLong();
    private final PriorityQueue<Entry> waiting = new PriorityQueue<>((a, b) -> a.due().equals(b.due())
            ? Long.compare(a.order(), b.order()) : a.due().compareTo(b.due()));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("delivery-queue").factory());
    private final ExecutorService workers = Executors.newFixedThreadPool(4,
            Thread.ofPlatform().daemon().name("delivery-worker-", 0).factory());
    private int running;

    /** @param work a provider: the work needs this queue, to queue its retries */
    public InProcessDeliveryQueue(BeanProvider<DeliveryWork> work, Clock clock) {
        this.work = work;
        this.clock = clock;
        ticker.scheduleWithFixedDelay(this::dispatch, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void enqueue(DeliveryJob job, Duration delay) {
        add(new Entry(clock.instant().plus(delay), order.incrementAndGet(), job, 0));
    }

    private void add(Entry entry) {
        synchronized (waiting) {
            waiting.add(entry);
            waiting.notifyAll();
        }
    }

    private void dispatch() {
        Instant now = clock.instant();
        List<Entry> due = new ArrayList<>();
        synchronized (waiting) {
            while (!waiting.isEmpty() && !waiting.peek().due().isAfter(now)) {
                due.add(waiting.poll());
            }
            running += due.size();
        }
        for (Entry entry : due) {
            try {
                workers.execute(() -> run(entry));
            } catch (RuntimeException stopped) {
                finished();
            }
        }
    }

    private void run(Entry entry) {
        try {
            work.get().perform(entry.job());
        } catch (RuntimeException failed) {
            if (entry.receives() + 1 < MAX_RECEIVES) {
                LOG.info("delivery {} attempt {}: {}; delivered again later", entry.job().deliveryId(),
                        entry.job().attempts() + 1, failed.getClass().getSimpleName());
                add(new Entry(clock.instant().plus(VISIBILITY), order.incrementAndGet(), entry.job(),
                        entry.receives() + 1));
            } else {
                LOG.warn("delivery {} attempt {} given up after {} receives ({}), as a dead letter would be",
                        entry.job().deliveryId(), entry.job().attempts() + 1, MAX_RECEIVES,
                        failed.getClass().getSimpleName());
            }
        } finally {
            finished();
        }
    }

    private void finished() {
        synchronized (waiting) {
            running--;
            waiting.notifyAll();
        }
    }

    /** Jobs waiting (due or not) or being worked on. */
    public int outstanding() {
        synchronized (waiting) {
            return waiting.size() + running;
        }
    }

    /** Waits until no job is due or running (jobs due later may wait); false when the limit passed first. */
    public boolean awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (waiting) {
            while (running > 0 || (!waiting.isEmpty() && !waiting.peek().due().isAfter(clock.instant()))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(waiting, Math.min(left, TICK.toNanos()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }
}
