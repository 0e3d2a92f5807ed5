package dev.skyport.platform.web;

import dev.skyport.platform.security.TokenTimeClaimsValidator;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the framework's own errors (malformed JSON, unknown route, wrong method, oversized body, missing
 * authentication, unexpected failures) into problem+json. A 401 for an access token that was correctly signed but has
 * expired is {@code token-expired} (refresh it); every other 401 is {@code unauthenticated}. Details of 5xx and of
 * body parsing never reach the client: they could carry internals or parts of a secret that was sent.
 */
@Primary
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String slug;
        String detail;
        switch (status) {
            case BAD_REQUEST -> {
                slug = "malformed-request";
                detail = "the request is malformed: the body must be valid JSON of the documented shape, with"
                        + " every field of the right type";
            }
            case UNAUTHORIZED -> {
                // Set only for a token signed by one of our keys: a forged or damaged one is told nothing more.
                if (context.getRequest().getAttribute(TokenTimeClaimsValidator.EXPIRED).isPresent()) {
                    slug = "token-expired";
                    detail = "the access token has expired: get a new one with POST /auth/refresh (the refresh token,"
                            + " or the skyport_refresh cookie), or log in again";
                } else {
                    slug = "unauthenticated";
                    detail = "a valid access token is required (Authorization: Bearer ... or the skyport_access"
                            + " cookie)";
                }
            }
            case FORBIDDEN -> {
                slug = "forbidden";
                detail = "you are not allowed to do this";
            }
            case NOT_FOUND -> {
                slug = "not-found";
                detail = "nothing is here";
            }
            case METHOD_NOT_ALLOWED -> {
                slug = "method-not-allowed";
                detail = "this resource does not accept the method " + context.getRequest().getMethodName();
            }
            case UNSUPPORTED_MEDIA_TYPE -> {
                slug = "unsupported-media-type";
                detail = "send the body as application/json";
            }
            case REQUEST_ENTITY_TOO_LARGE -> {
                slug = "payload-too-large";
                detail = RequestSizeLimit.TOO_LARGE;
            }
            case NOT_ACCEPTABLE -> {
                slug = "not-acceptable";
                detail = "this resource answers with application/json only";
            }
            default -> {
                if (status.getCode() >= 500) {
                    context.getRootCause().ifPresent(cause -> LOG.error("unexpected failure on {} {}: {}",
                            context.getRequest().getMethodName(), context.getRequest().getPath(),
                            cause.getClass().getName()));
                    slug = "internal-error";
                    detail = "something went wrong on our side; it was logged and the request changed nothing"
                            + " it could not finish";
                } else {
                    slug = "http-" + status.getCode();
                    detail = status.getReason();
                }
            }
        }
        return ProblemResponses.of(context.getRequest(), status, slug, detail).headers(headers ->
                response.getHeaders().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                        values.forEach(value -> headers.add(name, value));
                    }
                }));
    }
}
