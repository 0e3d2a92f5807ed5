package dev.skyport.platform.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Every answer of the API is the signed-in person's own (their clusters, accounts, notifications, a problem about
 * them): {@code Cache-Control: no-store}, so no browser cache, proxy or CDN keeps a copy. An answer that says how
 * it may be cached itself (the console's files, a page) keeps what it says.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class NoStore implements Ordered {

    @ResponseFilter
    public void noStore(MutableHttpResponse<?> response) {
        if (!response.getHeaders().contains(HttpHeaders.CACHE_CONTROL)) {
            response.header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    /** First in, so last out: it sees the answers every other filter makes too (401s, 413s, problems). */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order() - 1;
    }
}
