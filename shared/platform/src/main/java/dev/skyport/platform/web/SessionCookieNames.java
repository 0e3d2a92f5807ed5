package dev.skyport.platform.web;

/** The cookies a browser session lives in. */
public final class SessionCookieNames {

    /** The access JWT: HttpOnly, read by the security filter like a Bearer header. */
    public static final String ACCESS = "skyport_access";
    /** The opaque refresh token: HttpOnly, sent only to /auth. */
    public static final String REFRESH = "skyport_refresh";
    /** The double-submit CSRF token: readable by the page, echoed in the X-CSRF-Token header. */
    public static final String CSRF = "skyport_csrf";

    private SessionCookieNames() {
    }
}
