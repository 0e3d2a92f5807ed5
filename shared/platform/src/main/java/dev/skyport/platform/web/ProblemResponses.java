package dev.skyport.platform.web;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** Builds problem+json answers, the one way an error leaves Skyport. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static MutableHttpResponse<Problem> of(HttpRequest<?> request, HttpStatus status, String slug,
                                                  String detail) {
        Problem problem = Problem.of(slug, status.getReason(), status.getCode(), detail,
                request == null ? null : request.getPath());
        return HttpResponse.<Problem>status(status).contentType(Problem.MEDIA_TYPE).body(problem);
    }

    public static MutableHttpResponse<Problem> of(HttpRequest<?> request, DomainException e) {
        MutableHttpResponse<Problem> response = of(request, statusOf(e.failure()), e.slug(), e.getMessage());
        e.providerCode().ifPresent(code -> response.body(response.body().withProviderCode(code)));
        e.retryAfter().ifPresent(after ->
                response.header("Retry-After", Long.toString(Math.max(1, (after.toMillis() + 999) / 1000))));
        return response;
    }

    public static HttpStatus statusOf(Failure failure) {
        return switch (failure) {
            case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case NOT_ENABLED -> HttpStatus.NOT_IMPLEMENTED;
            case STALE -> HttpStatus.PRECONDITION_FAILED;
            case VERSION_REQUIRED -> HttpStatus.PRECONDITION_REQUIRED;
        };
    }
}
