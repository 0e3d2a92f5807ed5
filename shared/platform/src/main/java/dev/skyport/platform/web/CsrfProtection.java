package dev.skyport.platform.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.filter.ServerFilterPhase;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Double-submit CSRF defence. A state-changing request that carries a session cookie must repeat the value of the
 * readable {@code skyport_csrf} cookie in the {@code X-CSRF-Token} header; a page of another site can send the
 * cookies but cannot read them. Only a request that can ride on nothing but its Bearer token passes without it
 * (an Authorization header of any other kind exempts nothing), as do the entry points that create a session.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CsrfProtection implements io.micronaut.core.order.Ordered {

    public static final String HEADER = "X-CSRF-Token";
    private static final String BEARER = "Bearer ";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> requireToken(HttpRequest<?> request) {
        if (SAFE.contains(request.getMethod()) || SessionEntryPoints.PATHS.contains(request.getPath())
                || !ridesOnSessionCookie(request) || authenticatesByBearerOnly(request)) {
            return null;
        }
        Optional<String> expected = request.getCookies().findCookie(SessionCookieNames.CSRF).map(Cookie::getValue);
        Optional<String> presented = request.getHeaders().findFirst(HEADER);
        if (expected.isPresent() && presented.isPresent() && MessageDigest.isEqual(
                expected.get().getBytes(StandardCharsets.UTF_8), presented.get().getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return ProblemResponses.of(request, HttpStatus.FORBIDDEN, "csrf-token-mismatch",
                "requests authenticated by cookie must send the value of the skyport_csrf cookie in the "
                        + HEADER + " header");
    }

    /**
     * A Bearer token exempts the request only when no cookie could be what it rides on: no refresh cookie, and no
     * access cookie other than that same token. Any other Authorization value (Basic, garbage) exempts nothing.
     */
    private static boolean authenticatesByBearerOnly(HttpRequest<?> request) {
        Optional<String> bearer = request.getHeaders().getAuthorization()
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).strip())
                .filter(token -> !token.isEmpty());
        if (bearer.isEmpty() || request.getCookies().contains(SessionCookieNames.REFRESH)) {
            return false;
        }
        return request.getCookies().findCookie(SessionCookieNames.ACCESS).map(Cookie::getValue)
                .map(bearer.get()::equals).orElse(true);
    }

    private static boolean ridesOnSessionCookie(HttpRequest<?> request) {
        return request.getCookies().contains(SessionCookieNames.ACCESS)
                || request.getCookies().contains(SessionCookieNames.REFRESH);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.after();
    }
}
