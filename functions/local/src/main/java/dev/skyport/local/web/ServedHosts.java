package dev.skyport.local.web;

import dev.skyport.platform.web.Problem;
import dev.skyport.platform.web.ProblemResponses;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The local platform answers only to the names it is served under: localhost, 127.0.0.1 and [::1], the address
 * {@code --host} binds (unless it is every address), and the host of its public URL
 * ({@code skyport.identity.public-base-url}, where its mails link to). Any other {@code Host} is a page whose domain
 * was rebound to this machine (DNS rebinding), which could otherwise read the outbox and take over an account:
 * 421, before any other filter or route. A request without {@code Host} passes: every browser sends one, so it cannot
 * come from a rebound page; and Micronaut's stand-in for a request whose URL it cannot read has none, so that
 * request's 400 is answered as it is.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ServedHosts implements Ordered {

    static final String PUBLIC_BASE_URL = "skyport.identity.public-base-url";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<String> EVERY_ADDRESS = Set.of("0.0.0.0", "::", "[::]");

    private final Set<String> names;

    public ServedHosts(Environment environment) {
        Set<String> served = new HashSet<>(LOOPBACK);
        environment.getProperty("micronaut.server.host", String.class).map(ServedHosts::name)
                .filter(host -> !EVERY_ADDRESS.contains(host)).ifPresent(served::add);
        environment.getProperty(PUBLIC_BASE_URL, String.class).map(URI::create).map(URI::getHost)
                .map(ServedHosts::name).ifPresent(served::add);
        this.names = Set.copyOf(served);
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> onlyServedNames(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host == null || names.contains(name(withoutPort(host)))) {
            return null;
        }
        return ProblemResponses.of(request, HttpStatus.MISDIRECTED_REQUEST, "unknown-host",
                "this Skyport answers only to " + String.join(", ", names.stream().sorted().toList()));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // before the CORS filter, which would answer a foreign Origin with an empty 403
    }

    /** {@code name:port}, {@code [v6]:port} or a bare name: the name. */
    static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String name(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.contains(":") && !lower.startsWith("[") ? "[" + lower + "]" : lower;
    }
}
