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
 * Double-submit CSRF defence. A state-changing request that rides on the session cookies (no Authorization
 * header) must repeat the value of the readable {@code skyport_csrf} cookie in the {@code X-CSRF-Token} header;
 * a page of another site can send the cookies but cannot read them. Requests with a Bearer token, and the
 * entry points that create a session in the first place, are not cookie-authenticated and pass.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CsrfProtection implements io.micronaut.core.order.Ordered {

    public static final String HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> SESSION_ENTRY_POINTS = Set.of("/auth/signup", "/auth/login", "/auth/google",
            "/auth/verify", "/auth/verify/resend");

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> requireToken(HttpRequest<?> request) {
        if (SAFE.contains(request.getMethod()) || SESSION_ENTRY_POINTS.contains(request.getPath())
                || request.getHeaders().getAuthorization().isPresent() || !ridesOnSessionCookie(request)) {
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

    private static boolean ridesOnSessionCookie(HttpRequest<?> request) {
        return request.getCookies().contains(SessionCookieNames.ACCESS)
                || request.getCookies().contains(SessionCookieNames.REFRESH);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.after();
    }
}
