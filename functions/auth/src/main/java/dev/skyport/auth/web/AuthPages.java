package dev.skyport.auth.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/**
 * The few HTML pages the links in Skyport's mails open. A link only shows a page; the page's button POSTs, so a mail
 * scanner that fetches every link verifies or resets nothing. No script, no external resource.
 */
final class AuthPages {

    /** Nothing but the page itself and its form posting back here; never framed by another site. */
    private static final String POLICY = "default-src 'none'; form-action 'self'; frame-ancestors 'none'";

    private AuthPages() {
    }

    /**
     * A page as an answer. The address holds a single-use token: the page is never cached and never names its
     * address in a Referer, to anyone. Its referrer policy is {@code strict-origin}, not {@code no-referrer}: with
     * the latter, browsers post the page's own form with {@code Origin: null}, which the server cannot tell from a
     * sandboxed page of another site.
     */
    static MutableHttpResponse<String> respond(MutableHttpResponse<?> response, String page) {
        return response.contentType(MediaType.TEXT_HTML_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "strict-origin")
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(page);
    }

    static String verifyForm(String token) {
        return page("Verify your e-mail address", """
                <p>Confirm that this address is yours to activate your Skyport account.</p>
                <form method="post" action="/auth/verify">
                <input type="hidden" name="token" value="%s">
                <button type="submit">Verify my e-mail address</button>
                </form>""".formatted(escape(token)));
    }

    /** Where the pages lead: the web console's sign-in, on the same origin as the API. */
    static final String CONSOLE_SIGN_IN = "/console/signin";

    static String verified(String username) {
        return page("E-mail verified", """
                <p>Welcome, %s. You can now sign in to Skyport.</p>
                <p><a href="%s">Sign in</a></p>""".formatted(escape(username), CONSOLE_SIGN_IN));
    }

    static String resetForm(String token) {
        return page("Choose a new password", """
                <p>Every session of your account is signed out once the new password is set.</p>
                <form method="post" action="/auth/password/reset">
                <input type="hidden" name="token" value="%s">
                <label>New password (8 to 128 characters)
                <input type="password" name="new_password" minlength="8" maxlength="128" required
                autocomplete="new-password"></label>
                <button type="submit">Set the new password</button>
                </form>""".formatted(escape(token)));
    }

    static String passwordReset() {
        return page("Password changed", """
                <p>Your new password is set. Sign in to Skyport with it.</p>
                <p><a href="%s">Sign in</a></p>""".formatted(CONSOLE_SIGN_IN));
    }

    /** A refusal, in words a person reads: the same detail the API gives. */
    static String refused(String detail) {
        return page("That did not work", "<p>%s</p>".formatted(escape(detail)));
    }

    private static String page(String title, String body) {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>Skyport: %s</title></head>
                <body><h1>%s</h1>
                %s
                </body></html>
                """.formatted(escape(title), escape(title), body);
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
