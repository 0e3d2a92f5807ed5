package dev.skyport.local.web;

import dev.skyport.local.LocalOnly;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Local platform only: a webhook receiver to try channels with, on this machine (which the local platform may post
 * to over plain http). {@code POST /local/receiver/{name}} keeps what arrives (the Standard Webhooks headers and the
 * body) and answers 204; {@code GET} lists the latest, newest first. Kept in memory, the last 50 per name.
 */
@Controller("/local/receiver")
@LocalOnly
@Secured(SecurityRule.IS_ANONYMOUS)
public class ReceiverController {

    private static final int KEEP = 50;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final Map<String, Deque<Received>> received = new HashMap<>();

    @Post("/{name}")
    public HttpResponse<Void> receive(@PathVariable String name, HttpRequest<?> request, @Body @Nullable String body) {
        if (!NAME.matcher(name).matches()) {
            return HttpResponse.notFound();
        }
        Received got = new Received(request.getHeaders().get("webhook-id"),
                request.getHeaders().get("webhook-timestamp"), request.getHeaders().get("webhook-signature"),
                request.getHeaders().get("content-type"), body == null ? "" : body);
        synchronized (received) {
            Deque<Received> list = received.computeIfAbsent(name, n -> new ArrayDeque<>());
            list.addFirst(got);
            while (list.size() > KEEP) {
                list.removeLast();
            }
        }
        return HttpResponse.noContent();
    }

    @Get("/{name}")
    public List<Received> list(@PathVariable String name) {
        synchronized (received) {
            return List.copyOf(received.getOrDefault(name, new ArrayDeque<>()));
        }
    }

    /** One delivery as it arrived. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Received(@Nullable String webhookId, @Nullable String webhookTimestamp,
                           @Nullable String webhookSignature, @Nullable String contentType, String body) {
    }
}
