package dev.skyport.platform.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * No refusal leaves without saying why. A filter of the framework may answer with a bare status: Micronaut's CORS
 * filter refuses a page of another origin calling a server on this machine (a drive-by attack on localhost) with an
 * empty 403. Such an answer gets its problem+json here; every answer that has a body keeps it.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class BareRefusals implements Ordered {

    @ResponseFilter
    public MutableHttpResponse<?> explain(HttpRequest<?> request, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        if (status.getCode() < 400 || response.getBody().isPresent()) {
            return response;
        }
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        MutableHttpResponse<Problem> problem = status == HttpStatus.FORBIDDEN && origin != null
                ? ProblemResponses.of(request, status, "foreign-origin", "a page of another site (Origin: "
                        + printable(origin) + ") may not call this API; use the web console it serves")
                : ProblemResponses.of(request, status, "http-" + status.getCode(), status.getReason());
        response.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)
                    && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(value -> problem.header(name, value));
            }
        });
        return problem;
    }

    /** What the client sent, cut short and without control characters, to be quoted back. */
    private static String printable(String value) {
        String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** Outside the CORS filter (and every other), so its answers pass here on their way out. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order() - 1;
    }
}
