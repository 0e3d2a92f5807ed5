package dev.skyport.platform.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Behind Skyport's CloudFront distribution, API Gateway sees an edge server's address, not the person's: every
 * throttle keyed by client address, the addresses a person signs in from and a cluster's default API access would be
 * about CloudFront. So the distribution's viewer-request function writes the viewer's address into
 * {@value #VIEWER_ADDRESS} (replacing any the client sent), and its origin adds {@value #ORIGIN_VERIFY} with a secret
 * only the distribution and the HTTP functions know (CloudFront replaces a client's header of that name too). A
 * request that carries the secret came through the distribution, and its viewer address is the client's; any other
 * (straight to API Gateway's own endpoint, whatever it sends) keeps the address API Gateway saw. Without the setting
 * (the local platform) this filter does not exist.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = ViewerAddresses.ORIGIN_VERIFY_PROPERTY)
public class ViewerAddresses implements Ordered {

    public static final String ORIGIN_VERIFY_PROPERTY = "skyport.web.origin-verify";
    public static final String ORIGIN_VERIFY = "x-skyport-origin-verify";
    public static final String VIEWER_ADDRESS = "x-skyport-viewer-address";
    /** The request attribute {@link ClientAddress} reads first. */
    static final String ATTRIBUTE = "skyport.viewer-address";

    private static final int MIN_SECRET = 32;
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hex digits and colons (and a dotted tail), with at least one colon: only ever parsed, never looked up. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final byte[] secret;

    public ViewerAddresses(@Value("${" + ORIGIN_VERIFY_PROPERTY + "}") String secret) {
        if (secret.length() < MIN_SECRET) {
            throw new IllegalStateException(ORIGIN_VERIFY_PROPERTY + " must be at least " + MIN_SECRET
                    + " characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @RequestFilter
    public void viewerOfTheDistribution(HttpRequest<?> request) {
        String presented = request.getHeaders().get(ORIGIN_VERIFY);
        if (presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), secret)) {
            literal(request.getHeaders().get(VIEWER_ADDRESS))
                    .ifPresent(address -> request.setAttribute(ATTRIBUTE, address));
        }
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // before any filter or route that asks where the request came from
    }

    /** An IPv4 or IPv6 literal in its canonical form; anything else (a name would mean a lookup) is empty. */
    static Optional<String> literal(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        boolean v4 = IPV4.matcher(trimmed).matches();
        if (!v4 && !(trimmed.indexOf(':') >= 0 && IPV6.matcher(trimmed).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(trimmed).getHostAddress());
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }
}
