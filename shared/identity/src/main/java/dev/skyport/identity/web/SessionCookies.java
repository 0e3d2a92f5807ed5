package dev.skyport.identity.web;

import dev.skyport.identity.application.Session;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.platform.web.SessionCookieNames;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.time.Duration;
import java.time.Instant;

/**
 * Hands a session to the client: in cookies for browsers, and in the JSON body for other clients. The access token
 * goes to every path, the refresh token only to /auth, both HttpOnly, Secure and SameSite=Strict; plus a fresh
 * readable double-submit CSRF token. A session that lives in cookies never shows its tokens in a body, where any
 * script of the page could read them: a client that signs in asking for cookies only ({@value #SESSION_HEADER}:
 * {@value #COOKIES_ONLY}, as the console does), and any request authenticated by a cookie rather than a token it
 * sent itself (a refresh by the refresh cookie, a change made with the access cookie), get the user and the CSRF
 * token but no token.
 */
public final class SessionCookies {

    /** The request header a browser client signs in with to keep its session out of every body. */
    public static final String SESSION_HEADER = "X-Skyport-Session";
    public static final String COOKIES_ONLY = "cookies";

    private SessionCookies() {
    }

    /**
     * @param withTokens whether the body carries the tokens too: see {@link #askedForCookiesOnly} and
     *                   {@link #authenticatedByHeader}
     */
    public static MutableHttpResponse<SessionView> respond(Session session, Instant now, boolean withTokens) {
        String csrfToken = OpaqueToken.generate();
        MutableHttpResponse<SessionView> response = HttpResponse.ok(SessionView.of(session, csrfToken, now,
                withTokens));
        response.cookie(cookie(SessionCookieNames.ACCESS, session.accessToken(), "/", true,
                Duration.between(now, session.accessExpiresAt())));
        response.cookie(cookie(SessionCookieNames.REFRESH, session.refreshToken(), "/auth", true,
                Duration.between(now, session.refreshExpiresAt())));
        response.cookie(cookie(SessionCookieNames.CSRF, csrfToken, "/", false,
                Duration.between(now, session.refreshExpiresAt())));
        return response.header("Cache-Control", "no-store");
    }

    /** A sign-in whose client keeps the session in the cookies and wants no token in the body. */
    public static boolean askedForCookiesOnly(HttpRequest<?> request) {
        return COOKIES_ONLY.equalsIgnoreCase(request.getHeaders().get(SESSION_HEADER));
    }

    /** A request authenticated by a token it sent (Authorization), not by the browser's access cookie. */
    public static boolean authenticatedByHeader(HttpRequest<?> request) {
        return request.getHeaders().getAuthorization().isPresent();
    }

    public static void clear(MutableHttpResponse<?> response) {
        response.cookie(cookie(SessionCookieNames.ACCESS, "", "/", true, Duration.ZERO));
        response.cookie(cookie(SessionCookieNames.REFRESH, "", "/auth", true, Duration.ZERO));
        response.cookie(cookie(SessionCookieNames.CSRF, "", "/", false, Duration.ZERO));
    }

    private static Cookie cookie(String name, String value, String path, boolean httpOnly, Duration maxAge) {
        return Cookie.of(name, value).path(path).httpOnly(httpOnly).secure(true).sameSite(SameSite.Strict)
                .maxAge(maxAge);
    }
}
