package dev.skyport.identity.adapter.inprocess;

import dev.skyport.identity.adapter.sqs.MailQueueSettings;
import dev.skyport.identity.application.MailQueue;
import dev.skyport.identity.application.MailRequest;
import dev.skyport.identity.application.MailWork;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail queue of the local platform (and of tests of functions without SQS), with the rules of the SQS one:
 * {@link #enqueue} returns at once, the same {@link MailWork} runs on a worker thread, and a request whose work fails
 * is delivered again after a growing delay (at least once; the work's claim keeps it from sending twice), then given
 * up and logged, as a dead letter would be, after {@link #MAX_ATTEMPTS}. Only where
 * {@code skyport.mail-queue.in-process=true} and no SQS queue is configured: never in a Lambda.
 */
@Singleton
@Requires(property = InProcessMailQueue.ENABLED, value = "true")
@Requires(missingProperty = MailQueueSettings.URL)
@Requires(beans = MailWork.class)
public class InProcessMailQueue implements MailQueue {

    public static final String ENABLED = "skyport.mail-queue.in-process";
    static final int MAX_ATTEMPTS = 5;
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(InProcessMailQueue.class);

    private final MailWork work;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("mail-queue").factory());
    private final Object lock = new Object();
    private int outstanding;

    public InProcessMailQueue(MailWork work) {
        this.work = work;
    }

    @Override
    public void enqueue(MailRequest request) {
        synchronized (lock) {
            outstanding++;
        }
        worker.execute(() -> attempt(request, 1));
    }

    private void attempt(MailRequest request, int attempt) {
        boolean finished = true;
        try {
            work.perform(request);
        } catch (RuntimeException failed) {
            if (attempt < MAX_ATTEMPTS && !worker.isShutdown()) {
                long delay = FIRST_RETRY.toMillis() << (attempt - 1);
                LOG.info("mail request {} failed ({}); attempt {} in {} ms", request.id(),
                        failed.getClass().getSimpleName(), attempt + 1, delay);
                worker.schedule(() -> attempt(request, attempt + 1), delay, TimeUnit.MILLISECONDS);
                finished = false;
            } else {
                LOG.warn("mail request {} given up after {} attempts ({})", request.id(), attempt,
                        failed.getClass().getSimpleName());
            }
        } finally {
            if (finished) {
                synchronized (lock) {
                    outstanding--;
                    lock.notifyAll();
                }
            }
        }
    }

    /** Waits until every request enqueued so far was worked on or given up; false if the limit passed first. */
    public boolean awaitDrained(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Requests still waiting or being worked on: 0 once the queue has drained. */
    public int outstanding() {
        synchronized (lock) {
            return outstanding;
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
    }
}
