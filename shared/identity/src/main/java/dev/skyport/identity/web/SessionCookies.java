package dev.skyport.identity.web;

import dev.skyport.identity.application.Session;
import dev.skyport.kernel.OpaqueToken;
import dev.skyport.platform.web.SessionCookieNames;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.time.Duration;
import java.time.Instant;

/**
 * Hands a session to the client: in the JSON body, and in cookies for browsers. The access token goes to every
 * path, the refresh token only to /auth, both HttpOnly, Secure and SameSite=Strict; plus a fresh readable
 * double-submit CSRF token.
 */
public final class SessionCookies {

    private SessionCookies() {
    }

    public static MutableHttpResponse<SessionView> respond(Session session, Instant now) {
        String csrfToken = OpaqueToken.generate();
        MutableHttpResponse<SessionView> response = HttpResponse.ok(SessionView.of(session, csrfToken, now));
        response.cookie(cookie(SessionCookieNames.ACCESS, session.accessToken(), "/", true,
                Duration.between(now, session.accessExpiresAt())));
        response.cookie(cookie(SessionCookieNames.REFRESH, session.refreshToken(), "/auth", true,
                Duration.between(now, session.refreshExpiresAt())));
        response.cookie(cookie(SessionCookieNames.CSRF, csrfToken, "/", false,
                Duration.between(now, session.refreshExpiresAt())));
        return response.header("Cache-Control", "no-store");
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
