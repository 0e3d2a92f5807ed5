package dev.skyport.notifications.web;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.application.ChannelRequests;
import dev.skyport.notifications.domain.ChannelEndpoint;
import dev.skyport.notifications.domain.Delivery;
import dev.skyport.notifications.domain.DeliveryAttempt;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The signed-in person's outbound channels: webhooks (signed as the Standard Webhooks specification says) and Slack
 * incoming webhooks. A webhook's signing secret is in the answer to its creation and to a rotation only; a Slack
 * webhook's URL is shown masked. Another person's channel id answers 404. Only where a delivery queue is set up
 * (the SQS queue's URL in AWS, the in-process queue locally).
 */
@Controller("/channels/endpoints")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Requires(beans = ChannelRequests.class)
public class ChannelsController {

    private final ChannelRequests requests;

    public ChannelsController(ChannelRequests requests) {
        this.requests = requests;
    }

    /** Adds a channel; a webhook's signing secret is in this answer, and never again. */
    @Post
    @Status(HttpStatus.CREATED)
    public MutableHttpResponse<CreatedChannel> createChannel(Authentication caller, @Body @Nullable CreateRequest body) {
        CreateRequest request = require(body);
        ChannelRequests.Created created = requests.create(owner(caller), request.type(), request.url(),
                request.eventKinds(), Optional.ofNullable(request.clusterId()),
                request.enabled() == null || request.enabled());
        return HttpResponse.created(new CreatedChannel(ChannelView.of(created.endpoint()),
                created.secret().orElse(null)), URI.create("/channels/endpoints/" + created.endpoint().id()));
    }

    /** Your channels. */
    @Get
    public ChannelList listChannels(Authentication caller) {
        return new ChannelList(requests.list(owner(caller)).stream().map(ChannelView::of).toList());
    }

    /** One of your channels. */
    @Get("/{id}")
    public ChannelView getChannel(Authentication caller, @PathVariable String id) {
        return ChannelView.of(requests.get(owner(caller), id));
    }

    /** Changes a channel: what is given changes; an empty cluster_id removes the cluster filter. */
    @Patch("/{id}")
    public ChannelView updateChannel(Authentication caller, @PathVariable String id,
                                     @Body @Nullable UpdateRequest body) {
        UpdateRequest request = require(body);
        return ChannelView.of(requests.update(owner(caller), id, Optional.ofNullable(request.url()),
                Optional.ofNullable(request.eventKinds()), Optional.ofNullable(request.clusterId()),
                Optional.ofNullable(request.enabled())));
    }

    /** Removes a channel and its secret. */
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public HttpResponse<Void> deleteChannel(Authentication caller, @PathVariable String id) {
        requests.delete(owner(caller), id);
        return HttpResponse.noContent();
    }

    /** A new signing secret, shown this once; for a day both the new and the old one sign every delivery. */
    @Post("/{id}/rotate-secret")
    public RotatedSecret rotateChannelSecret(Authentication caller, @PathVariable String id) {
        return new RotatedSecret(requests.rotateSecret(owner(caller), id));
    }

    /** The channel's latest delivery attempts (at most 100), newest first. */
    @Get("/{id}/deliveries")
    public DeliveryHistory listChannelDeliveries(Authentication caller, @PathVariable String id) {
        return new DeliveryHistory(requests.history(owner(caller), id).stream().map(AttemptView::of).toList());
    }

    /** Sends a test event to the channel (even when it is off); its attempts appear in the history. */
    @Post("/{id}/test")
    @Status(HttpStatus.ACCEPTED)
    public HttpResponse<DeliveryView> sendChannelTest(Authentication caller, @PathVariable String id) {
        return HttpResponse.accepted().body(DeliveryView.of(requests.sendTest(owner(caller), id)));
    }

    /** Delivers one delivery again, with the same webhook-id. */
    @Post("/{id}/deliveries/{deliveryId}/redeliver")
    @Status(HttpStatus.ACCEPTED)
    public HttpResponse<DeliveryView> redeliverChannelDelivery(Authentication caller, @PathVariable String id,
                                                               @PathVariable String deliveryId) {
        return HttpResponse.accepted().body(DeliveryView.of(requests.redeliver(owner(caller), id, deliveryId)));
    }

    private static UserId owner(Authentication caller) {
        return new UserId(caller.getName());
    }

    private static <T> T require(@Nullable T body) {
        if (body == null) {
            throw DomainException.invalid("malformed-request", "a JSON body is required");
        }
        return body;
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record CreateRequest(
            @Nullable @Schema(description = "webhook (the default) or slack") String type,
            @Nullable @Schema(description = "where events are posted: https (a Slack incoming webhook's URL for slack)")
            String url,
            @Nullable @Schema(description = "the kinds of event to send: cluster.status.<status>, cluster.run-failed,"
                    + " cluster.expiring, cloud-account.verification-failed, account.security")
            List<String> eventKinds,
            @Nullable @Schema(description = "only this cluster's events") String clusterId,
            @Nullable @Schema(description = "on (the default) or off") Boolean enabled) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record UpdateRequest(@Nullable String url, @Nullable List<String> eventKinds,
                                @Nullable @Schema(description = "an empty string removes the filter") String clusterId,
                                @Nullable Boolean enabled) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ChannelView(String id, String type, @Schema(description = "a Slack webhook's URL is masked")
                              String url, List<String> eventKinds, @Nullable String clusterId, boolean enabled,
                              Instant createdAt, @Nullable Instant failingSince, @Nullable String disabledReason) {

        static ChannelView of(ChannelEndpoint endpoint) {
            return new ChannelView(endpoint.id(), endpoint.type().wire(), endpoint.url(),
                    endpoint.kinds().stream().sorted().toList(), endpoint.clusterId().orElse(null),
                    endpoint.enabled(), endpoint.createdAt(), endpoint.failingSince().orElse(null),
                    endpoint.disabledReason().orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record CreatedChannel(ChannelView channel,
                                 @Nullable @Schema(description = "the signing secret (whsec_...), shown this once")
                                 String secret) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ChannelList(List<ChannelView> channels) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record RotatedSecret(@Schema(description = "the new signing secret, shown this once") String secret) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record AttemptView(Instant at, String deliveryId, String eventKind, int attempt,
                              @Nullable Integer statusCode, long latencyMs, @Nullable String error) {

        static AttemptView of(DeliveryAttempt attempt) {
            return new AttemptView(attempt.at(), attempt.deliveryId(), attempt.kind(), attempt.attempt(),
                    attempt.statusCode().isPresent() ? attempt.statusCode().getAsInt() : null,
                    attempt.latency().toMillis(), attempt.error().orElse(null));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record DeliveryHistory(List<AttemptView> deliveries) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record DeliveryView(@Schema(description = "the webhook-id of every attempt") String deliveryId,
                               String eventKind, String state, int attempts) {

        static DeliveryView of(Delivery delivery) {
            return new DeliveryView(delivery.id(), delivery.kind(), delivery.state().name().toLowerCase(java.util.Locale.ROOT),
                    delivery.attempts());
        }
    }
}
