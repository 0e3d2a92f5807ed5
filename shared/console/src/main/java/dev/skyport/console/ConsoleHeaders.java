package dev.skyport.console;

import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * The response headers every file of the console is served with, by the local platform and by CloudFront's
 * response headers policy alike. The policy allows only the console's own files and the API of the same origin: no
 * inline script or style, no frame, no plug-in, no other site.
 */
public final class ConsoleHeaders {

    /** Where the console lives; the API owns the other paths. */
    public static final String PATH = "/console/";
    /** The folder of the built console inside this module's jar. */
    public static final String RESOURCE_ROOT = "console/";
    /** Files whose names carry their content's hash: cached for a year. */
    public static final String HASHED_ASSETS = "assets/";

    private static final String POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private ConsoleHeaders() {
    }

    /**
     * The Content-Security-Policy with {@code connectSources} added to {@code connect-src} (the WebSocket API's
     * {@code wss://} origin where it is not the console's own).
     */
    public static String contentSecurityPolicy(String... connectSources) {
        return connectSources.length == 0 ? POLICY
                : POLICY.replace("connect-src 'self'", "connect-src 'self' " + String.join(" ", connectSources));
    }

    /** Every header but the cache policy, in a stable order. */
    public static SequencedMap<String, String> security(String... connectSources) {
        SequencedMap<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", contentSecurityPolicy(connectSources));
        headers.put("X-Content-Type-Options", "nosniff");
        // Not no-referrer: with it, browsers send the console's own API calls with Origin: null.
        headers.put("Referrer-Policy", "same-origin");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        return headers;
    }

    /** How long a browser keeps {@code file}: hashed assets for a year, the page itself never without asking. */
    public static String cacheControl(String file) {
        return file.startsWith(HASHED_ASSETS) ? "public, max-age=31536000, immutable" : "no-cache";
    }
}
