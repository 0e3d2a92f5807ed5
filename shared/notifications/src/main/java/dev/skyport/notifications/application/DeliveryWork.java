package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.SecretStore;
import dev.skyport.notifications.domain.ChannelEndpoint;
import dev.skyport.notifications.domain.ChannelType;
import dev.skyport.notifications.domain.Delivery;
import dev.skyport.notifications.domain.DeliveryAttempt;
import dev.skyport.notifications.domain.Notification;
import dev.skyport.notifications.domain.SigningSecrets;
import dev.skyport.notifications.domain.WebhookSignature;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of one delivery, the consumer of the {@link DeliveryQueue}. The attempt is claimed first, so a queue
 * message that arrives twice sends once; a webhook's body is signed at send time (a fresh {@code webhook-timestamp},
 * the same {@code webhook-id} every time, both signatures during a rotation's overlap). A failed attempt is tried
 * again after a growing delay ({@link Settings#backoff()}) until a day after the round began, the last attempt at
 * that mark; a channel whose deliveries have failed for a day, with no success between, is turned off and its owner
 * told (a notification, and an e-mail through {@link OwnerMail}). Nothing here logs a URL, a body or a secret.
 */
public class DeliveryWork {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWork.class);
    public static final String DISABLED_FOR_FAILURES = "failing-for-a-day";

    private final ChannelEndpoints endpoints;
    private final Deliveries deliveries;
    private final DeliveryQueue queue;
    private final WebhookSender sender;
    private final SecretStore secrets;
    private final Notifications notifications;
    private final Optional<OwnerMail> ownerMail;
    private final Settings settings;
    private final Clock clock;

    public DeliveryWork(ChannelEndpoints endpoints, Deliveries deliveries, DeliveryQueue queue, WebhookSender sender,
                        SecretStore secrets, Notifications notifications, Optional<OwnerMail> ownerMail,
                        Settings settings, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.queue = queue;
        this.sender = sender;
        this.secrets = secrets;
        this.notifications = notifications;
        this.ownerMail = ownerMail;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Makes the job's attempt once. Throws {@link HeldElsewhere} when another worker is on it (deliver the job
     * again later); any other failure is thrown on for the queue to deliver the job again.
     */
    public Outcome perform(DeliveryJob job) {
        Optional<Delivery> found = deliveries.find(job.endpointId(), job.deliveryId());
        if (found.isEmpty()) {
            return Outcome.DROPPED;
        }
        Delivery delivery = found.get();
        Optional<ChannelEndpoint> endpoint = endpoints.find(job.owner(), job.endpointId());
        if (endpoint.isEmpty() || (!endpoint.get().enabled() && !delivery.manual())) {
            if (delivery.state() == Delivery.State.PENDING && delivery.attempts() == job.attempts()) {
                deliveries.abandon(job.endpointId(), job.deliveryId(), job.attempts());
            }
            return Outcome.DROPPED;
        }
        Instant now = clock.instant();
        switch (deliveries.claim(job.endpointId(), job.deliveryId(), job.attempts(), now, settings.lease())) {
            case ALREADY_DONE -> {
                return Outcome.DUPLICATE;
            }
            case HELD_ELSEWHERE -> throw new HeldElsewhere(job);
            case TAKEN -> {
                // claimed: the attempt below
            }
        }
        WebhookSender.Result result = send(endpoint.get(), delivery, now);
        DeliveryAttempt attempt = new DeliveryAttempt(now, delivery.id(), delivery.kind(), job.attempts() + 1,
                result.statusCode(), result.latency(), result.error());
        if (result.succeeded()) {
            deliveries.record(job.endpointId(), job.deliveryId(), job.attempts(), Delivery.State.DELIVERED, attempt);
            if (!delivery.manual() && endpoint.get().failingSince().isPresent()) {
                endpoints.markHealthy(job.owner(), job.endpointId());
            }
            return Outcome.DELIVERED;
        }
        Instant end = delivery.roundStartedAt().plus(settings.retryFor());
        Instant after = clock.instant();
        boolean again = after.isBefore(end);
        if (again) {
            Duration delay = settings.delayAfter(job.attempts() + 1);
            if (after.plus(delay).isAfter(end)) {
                delay = Duration.between(after, end);
            }
            // enqueued before the attempt is recorded: a job that arrives first waits for the record (its claim
            // is HELD_ELSEWHERE until then), and a record that fails leaves the retry in the queue all the same
            queue.enqueue(new DeliveryJob(job.owner(), job.endpointId(), job.deliveryId(), job.attempts() + 1), delay);
        }
        deliveries.record(job.endpointId(), job.deliveryId(), job.attempts(),
                again ? Delivery.State.PENDING : Delivery.State.FAILED, attempt);
        if (!delivery.manual()) {
            failing(endpoint.get(), after);
        }
        LOG.info("delivery {} to channel {} attempt {} failed ({}); {}", delivery.id(), job.endpointId(),
                job.attempts() + 1, result.error().orElse("status " + result.statusCode().orElse(0)),
                again ? "tried again later" : "given up");
        return again ? Outcome.RETRYING : Outcome.GAVE_UP;
    }

    private WebhookSender.Result send(ChannelEndpoint endpoint, Delivery delivery, Instant now) {
        if (endpoint.type() == ChannelType.SLACK) {
            return sender.post(URI.create(secrets.read(endpoint.secretRef())),
                    Map.of("content-type", "application/json"), delivery.body());
        }
        SigningSecrets signing = SigningSecrets.parse(secrets.read(endpoint.secretRef()));
        long timestamp = now.getEpochSecond();
        List<String> keys = signing.signingAt(now);
        return sender.post(URI.create(endpoint.url()), Map.of(
                "content-type", "application/json",
                "webhook-id", delivery.id(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.header(keys, delivery.id(), timestamp, delivery.body())),
                delivery.body());
    }

    private void failing(ChannelEndpoint endpoint, Instant now) {
        Optional<Instant> since = endpoints.markFailing(endpoint.owner(), endpoint.id(), now);
        if (since.isEmpty() || Duration.between(since.get(), now).compareTo(settings.disableAfter()) < 0) {
            return;
        }
        if (endpoints.disable(endpoint.owner(), endpoint.id(), since.get(), DISABLED_FOR_FAILURES)) {
            LOG.info("channel {} turned off: its deliveries failed for {}", endpoint.id(), settings.disableAfter());
            notifications.add(Notification.of("channel-disabled:" + endpoint.id() + ":" + since.get().toEpochMilli(),
                    now, endpoint.owner(), "channel.disabled", "A " + endpoint.type().wire() + " channel was turned off",
                    "Its deliveries have failed since " + since.get() + ", so Skyport stopped sending to it. Fix the"
                            + " receiver, then turn the channel on again; its delivery history says what failed.",
                    "/channels/endpoints/" + endpoint.id()));
            // and by e-mail, if the owner wants it: one mail however often this runs (the id is the claim)
            DomainEvent disabled = DomainEvent.of("channel-disabled:" + endpoint.id() + ":"
                    + since.get().toEpochMilli(), new PlatformEvent.ChannelDisabled(endpoint.owner(), endpoint.id(),
                    endpoint.type().wire(), since.get().toString()), now);
            try {
                ownerMail.ifPresent(mail -> mail.tell(disabled));
            } catch (RuntimeException notQueued) {
                // the attempt is recorded: a redelivered job finds it made and would not come back here
                LOG.warn("channel {} turned off, its owner not mailed: {}", endpoint.id(),
                        notQueued.getClass().getSimpleName());
            }
        }
    }

    public enum Outcome {
        DELIVERED, RETRYING, GAVE_UP,
        /** The attempt was made before (a duplicate message): nothing sent. */
        DUPLICATE,
        /** Nothing to send: the delivery or its channel is gone, or the channel is off. */
        DROPPED
    }

    /**
     * @param lease        how long a claim keeps other workers off an attempt; longer than an attempt can take
     * @param backoff      the delay after the first, second, ... failed attempt; the last one repeats
     * @param retryFor     how long after a round began attempts go on
     * @param disableAfter how long a channel's deliveries may fail, with no success, before it is turned off
     */
    public record Settings(Duration lease, List<Duration> backoff, Duration retryFor, Duration disableAfter) {

        /** As the Standard Webhooks specification suggests, for a day. */
        public static final List<Duration> STANDARD_BACKOFF = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10));

        public Settings {
            backoff = List.copyOf(backoff);
            if (backoff.isEmpty()) {
                throw new IllegalArgumentException("backoff needs at least one delay");
            }
        }

        Duration delayAfter(int failedAttempts) {
            return backoff.get(Math.min(failedAttempts, backoff.size()) - 1);
        }
    }

    /** Another worker is on this attempt, or its delivery is not recorded yet: deliver the job again later. */
    public static final class HeldElsewhere extends RuntimeException {

        HeldElsewhere(DeliveryJob job) {
            super("delivery " + job.deliveryId() + " attempt " + (job.attempts() + 1) + " is held elsewhere", null,
                    false, false);
        }
    }
}
