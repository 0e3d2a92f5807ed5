package dev.skyport.platform.web;

import dev.skyport.platform.security.PersonalTokenValidator;
import dev.skyport.platform.security.TokenTimeClaimsValidator;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.net.URISyntaxException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the framework's own errors (malformed JSON, unknown route, wrong method, oversized body, missing
 * authentication, an unreadable URL, unexpected failures) into problem+json. A 401 for an access token that was correctly signed but has
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
                if (context.getRootCause().filter(URISyntaxException.class::isInstance).isPresent()) {
                    // Micronaut answers an unreadable request target with a stand-in request for "/": no instance.
                    return withHeadersOf(response, ProblemResponses.of(null, status, "malformed-request",
                            "the request's URL is malformed: escape each character a URL does not allow, and write"
                                    + " '%' as %25 where it does not start a two-digit hex escape"));
                }
                slug = "malformed-request";
                detail = "the request is malformed: the body must be valid JSON of the documented shape, with"
                        + " every field of the right type";
            }
            case UNAUTHORIZED -> {
                // Set only for a token signed by one of our keys: a forged or damaged one is told nothing more.
                Optional<String> personalToken = context.getRequest()
                        .getAttribute(PersonalTokenValidator.REFUSED, String.class);
                if (personalToken.filter(PersonalTokenValidator.MALFORMED::equals).isPresent()) {
                    slug = "token-malformed";
                    detail = "this is not a Skyport API token: its checksum does not match (was it copied whole?)";
                } else if (personalToken.isPresent()) {
                    slug = "token-refused";
                    detail = "this API token is unknown, revoked or expired, or its person may no longer use it";
                } else if (context.getRequest().getAttribute(TokenTimeClaimsValidator.EXPIRED).isPresent()) {
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
                if (!declaresBody(context.getRequest())) {
                    return tooLongHead(context.getRequest(), response);
                }
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
        return withHeadersOf(response, ProblemResponses.of(context.getRequest(), status, slug, detail));
    }

    /**
     * Netty answers 413 to a request line or headers over its limits, where no body was read at all. A request line
     * it could not read becomes its placeholder request, {@code GET /bad-request}: that is a URI too long
     * (414); otherwise the headers were (431).
     */
    private static MutableHttpResponse<Problem> tooLongHead(HttpRequest<?> request, MutableHttpResponse<?> response) {
        boolean lineUnread = "/bad-request".equals(request.getPath());
        MutableHttpResponse<Problem> problem = lineUnread
                ? ProblemResponses.of(null, HttpStatus.REQUEST_URI_TOO_LONG, "uri-too-long",
                        "the request's URI is longer than this server reads")
                : ProblemResponses.of(request, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                        "the request's headers are too large");
        return withHeadersOf(response, problem);
    }

    private static boolean declaresBody(HttpRequest<?> request) {
        return request.getContentLength() > 0 || request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static MutableHttpResponse<Problem> withHeadersOf(MutableHttpResponse<?> response,
                                                            MutableHttpResponse<Problem> problem) {
        return problem.headers(headers -> response.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> headers.add(name, value));
            }
        }));
    }
}
