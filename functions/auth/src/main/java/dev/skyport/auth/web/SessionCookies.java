package dev.skyport.auth.web;

import dev.skyport.identity.application.Session;
import dev.skyport.platform.web.SessionCookieNames;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.time.Duration;
import java.time.Instant;

/**
 * Puts a session into cookies: the access token for every path, the refresh token only for /auth, both
 * HttpOnly, Secure and SameSite=Strict; plus the readable double-submit CSRF token.
 */
final class SessionCookies {

    private SessionCookies() {
    }

    static void set(MutableHttpResponse<?> response, Session session, String csrfToken, Instant now) {
        response.cookie(cookie(SessionCookieNames.ACCESS, session.accessToken(), "/", true,
                Duration.between(now, session.accessExpiresAt())));
        response.cookie(cookie(SessionCookieNames.REFRESH, session.refreshToken(), "/auth", true,
                Duration.between(now, session.refreshExpiresAt())));
        response.cookie(cookie(SessionCookieNames.CSRF, csrfToken, "/", false,
                Duration.between(now, session.refreshExpiresAt())));
    }

    static void clear(MutableHttpResponse<?> response) {
        response.cookie(cookie(SessionCookieNames.ACCESS, "", "/", true, Duration.ZERO));
        response.cookie(cookie(SessionCookieNames.REFRESH, "", "/auth", true, Duration.ZERO));
        response.cookie(cookie(SessionCookieNames.CSRF, "", "/", false, Duration.ZERO));
    }

    private static Cookie cookie(String name, String value, String path, boolean httpOnly, Duration maxAge) {
        return Cookie.of(name, value).path(path).httpOnly(httpOnly).secure(true).sameSite(SameSite.Strict)
                .maxAge(maxAge);
    }
}
