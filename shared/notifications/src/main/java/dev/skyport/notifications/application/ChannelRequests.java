package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import dev.skyport.kernel.SecretStore;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.domain.ChannelEndpoint;
import dev.skyport.notifications.domain.ChannelEvent;
import dev.skyport.notifications.domain.ChannelKinds;
import dev.skyport.notifications.domain.ChannelType;
import dev.skyport.notifications.domain.Delivery;
import dev.skyport.notifications.domain.DeliveryAttempt;
import dev.skyport.notifications.domain.DestinationRules;
import dev.skyport.notifications.domain.SigningSecrets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a person does with their outbound channels. A webhook's signing secret is shown once, when it is made or
 * rotated; a Slack webhook's URL is shown masked after it is given. Both live in the secret store only. Another
 * person's channel answers "not found".
 */
public class ChannelRequests {

    /** How many channels one person may have. */
    public static final int MAX_CHANNELS = 20;
    /** How many attempts the history shows. */
    public static final int HISTORY = 100;
    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final ChannelEndpoints endpoints;
    private final Deliveries deliveries;
    private final DeliveryQueue queue;
    private final SecretStore secrets;
    private final ChannelFanOut fanOut;
    private final DestinationRules destinations;
    private final Clock clock;

    public ChannelRequests(ChannelEndpoints endpoints, Deliveries deliveries, DeliveryQueue queue, SecretStore secrets,
                           ChannelFanOut fanOut, DestinationRules destinations, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.queue = queue;
        this.secrets = secrets;
        this.fanOut = fanOut;
        this.destinations = destinations;
        this.clock = clock;
    }

    /** A new channel, and its signing secret (webhooks), shown this once. */
    public Created create(UserId owner, String type, String url, List<String> kinds, Optional<String> clusterId,
                          boolean enabled) {
        ChannelType channelType = ChannelType.parse(type);
        URI checked = destinations.checkUrl(url, "url");
        Set<String> parsedKinds = ChannelKinds.parse(kinds);
        Optional<String> cluster = cluster(clusterId);
        if (endpoints.list(owner).size() >= MAX_CHANNELS) {
            throw tooMany(); // cheap, before a secret is made; the create below is the guarantee
        }
        String id = "ep_" + UUID.randomUUID().toString().replace("-", "");
        Optional<String> shownSecret = Optional.empty();
        String secretRef;
        String shownUrl;
        Map<String, String> tags = Map.of("skyport:owner", owner.value(), "skyport:kind", "channel");
        if (channelType == ChannelType.WEBHOOK) {
            SigningSecrets signing = SigningSecrets.generate();
            secretRef = secrets.create(secretName(owner, id), signing.stored(), tags);
            shownSecret = Optional.of(signing.current());
            shownUrl = checked.toString();
        } else {
            secretRef = secrets.create(secretName(owner, id), checked.toString(), tags);
            shownUrl = masked(checked);
        }
        ChannelEndpoint endpoint = new ChannelEndpoint(id, owner, channelType, shownUrl, secretRef, parsedKinds,
                cluster, enabled, clock.instant(), Optional.empty(), Optional.empty());
        boolean kept;
        try {
            kept = endpoints.create(endpoint, MAX_CHANNELS);
        } catch (RuntimeException notKept) {
            secrets.delete(secretRef, Duration.ZERO);
            throw notKept;
        }
        if (!kept) {
            // another create took the last place after the check above
            secrets.delete(secretRef, Duration.ZERO);
            throw tooMany();
        }
        return new Created(endpoint, shownSecret);
    }

    private static DomainException tooMany() {
        return new DomainException(Failure.CONFLICT, "too-many-channels",
                "a person may have at most " + MAX_CHANNELS + " channels; delete one first");
    }

    public List<ChannelEndpoint> list(UserId owner) {
        return endpoints.list(owner);
    }

    public ChannelEndpoint get(UserId owner, String id) {
        return endpoints.find(owner, id).orElseThrow(ChannelRequests::notFound);
    }

    /** Changes what is given; turning a channel on again clears its failures. */
    public ChannelEndpoint update(UserId owner, String id, Optional<String> url, Optional<List<String>> kinds,
                                  Optional<String> clusterId, Optional<Boolean> enabled) {
        ChannelEndpoint current = get(owner, id);
        String shownUrl = current.url();
        if (url.isPresent()) {
            URI checked = destinations.checkUrl(url.get(), "url");
            if (current.type() == ChannelType.SLACK) {
                secrets.replace(current.secretRef(), checked.toString());
                shownUrl = masked(checked);
            } else {
                shownUrl = checked.toString();
            }
        }
        Set<String> newKinds = kinds.map(ChannelKinds::parse).orElse(current.kinds());
        Optional<String> cluster = clusterId.isPresent()
                ? (clusterId.get().isEmpty() ? Optional.empty() : cluster(clusterId)) : current.clusterId();
        boolean on = enabled.orElse(current.enabled());
        boolean turnedOn = on && !current.enabled();
        ChannelEndpoint changed = new ChannelEndpoint(id, owner, current.type(), shownUrl, current.secretRef(),
                newKinds, cluster, on, current.createdAt(),
                turnedOn ? Optional.empty() : current.failingSince(),
                on ? Optional.empty() : current.disabledReason());
        if (!endpoints.update(changed)) {
            throw notFound();
        }
        return changed;
    }

    public void delete(UserId owner, String id) {
        ChannelEndpoint endpoint = get(owner, id);
        if (!endpoints.delete(owner, id)) {
            throw notFound();
        }
        secrets.delete(endpoint.secretRef(), ChannelFanOut.SECRET_RECOVERY);
    }

    /** A new signing secret, shown this once; the old one keeps signing, beside it, for a day. */
    public String rotateSecret(UserId owner, String id) {
        ChannelEndpoint endpoint = get(owner, id);
        if (endpoint.type() != ChannelType.WEBHOOK) {
            throw DomainException.invalid("not-a-webhook", "only a webhook has a signing secret to rotate");
        }
        SigningSecrets rotated = SigningSecrets.parse(secrets.read(endpoint.secretRef())).rotated(clock.instant());
        secrets.replace(endpoint.secretRef(), rotated.stored());
        return rotated.current();
    }

    /** The channel's latest attempts, newest first. */
    public List<DeliveryAttempt> history(UserId owner, String id) {
        get(owner, id);
        return deliveries.history(id, HISTORY);
    }

    /** Sends a test event to the channel, even when it is off; answers its delivery. */
    public Delivery sendTest(UserId owner, String id) {
        ChannelEndpoint endpoint = get(owner, id);
        Instant now = clock.instant();
        ChannelEvent test = new ChannelEvent("test-" + UUID.randomUUID(), ChannelKinds.TEST,
                Set.of(ChannelKinds.TEST), owner, Optional.empty(), now,
                Map.of("message", "A test event from Skyport: this channel works."),
                "A test event from Skyport", Optional.empty(), Optional.empty(), "");
        return fanOut.deliver(test, endpoint, true);
    }

    /** Delivers one delivery again, by hand, with the same {@code webhook-id}. */
    public Delivery redeliver(UserId owner, String id, String deliveryId) {
        get(owner, id);
        Optional<Delivery> reopened = deliveries.reopen(id, deliveryId, clock.instant());
        if (reopened.isEmpty()) {
            if (deliveries.find(id, deliveryId).isPresent()) {
                throw new DomainException(Failure.CONFLICT, "delivery-pending",
                        "this delivery is still being attempted; redeliver it once it succeeded or failed");
            }
            throw new DomainException(Failure.NOT_FOUND, "delivery-not-found", "no such delivery");
        }
        Delivery delivery = reopened.get();
        queue.enqueue(new DeliveryJob(owner, id, deliveryId, delivery.attempts()), Duration.ZERO);
        return delivery;
    }

    private static Optional<String> cluster(Optional<String> clusterId) {
        if (clusterId.isPresent() && !CLUSTER_ID.matcher(clusterId.get()).matches()) {
            throw DomainException.invalid("invalid-cluster-id", "cluster_id must be a cluster's id");
        }
        return clusterId;
    }

    private static String secretName(UserId owner, String id) {
        return "channels/" + owner.value() + "/" + id;
    }

    /** A Slack webhook's URL is its secret: shown as its host and the first characters of its path. */
    static String masked(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + url.getRawAuthority() + path.substring(0, Math.min(path.length(), 10)) + "…";
    }

    private static DomainException notFound() {
        return new DomainException(Failure.NOT_FOUND, "channel-not-found", "no such channel");
    }

    /** A channel just made, and its signing secret, which is never shown again. */
    public record Created(ChannelEndpoint endpoint, Optional<String> secret) {
    }
}
