package dev.skyport.platform.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Refuses bodies over 64 KiB before anything reads them. Netty enforces the same limit through
 * {@code micronaut.server.max-request-size}; this filter covers the Lambda path, where the body arrives whole.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestSizeLimit implements io.micronaut.core.order.Ordered {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final String TOO_LARGE = "the request body is larger than " + MAX_BODY_BYTES + " bytes";

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> refuseLargeBodies(HttpRequest<?> request) {
        if (bodyLength(request) > MAX_BODY_BYTES) {
            return ProblemResponses.of(request, HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload-too-large", TOO_LARGE);
        }
        return null;
    }

    private static long bodyLength(HttpRequest<?> request) {
        long declared = request.getContentLength();
        if (declared >= 0) {
            return declared;
        }
        if (request instanceof ServerHttpRequest<?> server) {
            return server.byteBody().expectedLength().orElse(-1);
        }
        return -1;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
