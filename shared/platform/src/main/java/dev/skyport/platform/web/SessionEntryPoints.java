package dev.skyport.platform.web;

import java.util.Set;

/**
 * The routes a person uses without (or before) a session: they create one, or act on a token carried in the body
 * (a verification or reset link). A session cookie the browser happens to send must stand in the way of none of
 * them: no CSRF header is asked for, and an ended session's access cookie is not refused there.
 */
public final class SessionEntryPoints {

    public static final Set<String> PATHS = Set.of("/auth/signup", "/auth/login", "/auth/google", "/auth/verify",
            "/auth/verify/resend", "/auth/password/forgot", "/auth/password/reset", "/auth/login/mfa");

    private SessionEntryPoints() {
    }
}
