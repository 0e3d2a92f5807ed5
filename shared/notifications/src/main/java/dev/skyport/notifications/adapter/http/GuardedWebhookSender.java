package dev.skyport.notifications.adapter.http;

import dev.skyport.notifications.application.WebhookSender;
import dev.skyport.notifications.domain.DestinationRules;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts to a person's URL with Apache HttpClient 5, guarded against server-side request forgery: its
 * {@link DnsResolver} resolves the name when the connection is made and refuses it unless every address passes the
 * {@link DestinationRules}, and the client connects to exactly the addresses it returned, so a name cannot resolve
 * to a public address for a check and to a private one for the connection. Redirects are not followed (a 3xx is a
 * failed delivery), no retries, cookies or proxies from the environment, short connect and read timeouts, and at
 * most {@link Settings#maxResponseBytes()} of the answer are read. Errors are words without the URL.
 */
public class GuardedWebhookSender implements WebhookSender, AutoCloseable {

    private final DestinationRules rules;
    private final Settings settings;
    private final CloseableHttpClient client;

    /** @param resolver how names are looked up (the system's; tests give their own) */
    public GuardedWebhookSender(DestinationRules rules, Settings settings, DnsResolver resolver) {
        this.rules = rules;
        this.settings = settings;
        DnsResolver guarded = new GuardedResolver(resolver, rules);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(guarded)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.readTimeout()))
                                .build())
                        .setMaxConnTotal(50).setMaxConnPerRoute(5)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("Skyport-Webhooks/1")
                .build();
    }

    public GuardedWebhookSender(DestinationRules rules, Settings settings) {
        this(rules, settings, SystemDefaultDnsResolver.INSTANCE);
    }

    @Override
    public Result post(URI url, Map<String, String> headers, String body) {
        long start = System.nanoTime();
        try {
            rules.checkUrl(url.toString(), "url");
        } catch (RuntimeException refused) {
            return failed(start, "refused-url");
        }
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        try {
            ClassicHttpResponse response = client.executeOpen(null, post, null);
            int status = response.getCode();
            try {
                HttpEntity entity = response.getEntity();
                if (entity != null) {
                    InputStream content = entity.getContent();
                    if (content.readNBytes(settings.maxResponseBytes() + 1).length > settings.maxResponseBytes()) {
                        post.cancel(); // drops the connection: closing would read the rest of the answer
                    }
                }
            } catch (IOException bodyCutShort) {
                // the status counts; the body is not needed
            } finally {
                try {
                    response.close();
                } catch (IOException closing) {
                    // cancelled or cut short: nothing to release
                }
            }
            return new Result(OptionalInt.of(status), elapsed(start), Optional.empty());
        } catch (RefusedAddress refused) {
            return failed(start, "refused-address");
        } catch (UnknownHostException unknown) {
            return failed(start, "unknown-host");
        } catch (InterruptedIOException timeout) { // connect and read timeouts both
            return failed(start, "timeout");
        } catch (ConnectException refused) {
            return failed(start, "connection-refused");
        } catch (SSLException tls) {
            return failed(start, "tls-failed");
        } catch (IOException failed) {
            return failed(start, "connection-failed");
        }
    }

    private static Result failed(long start, String error) {
        return new Result(OptionalInt.empty(), elapsed(start), Optional.of(error));
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @PreDestroy
    @Override
    public void close() throws IOException {
        client.close();
    }

    /**
     * @param connectTimeout   how long a connection may take
     * @param readTimeout      how long the receiver may be silent
     * @param maxResponseBytes how much of an answer is read
     */
    public record Settings(Duration connectTimeout, Duration readTimeout, int maxResponseBytes) {
    }

    /** A name resolved to an address Skyport does not send to. */
    static final class RefusedAddress extends UnknownHostException {

        RefusedAddress() {
            super("the name resolves to an address Skyport does not send to");
        }
    }

    /** Resolves with the given resolver, and refuses the name unless every address it has passes the rules. */
    private record GuardedResolver(DnsResolver resolver, DestinationRules rules) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = resolver.resolve(host);
            if (addresses == null || addresses.length == 0
                    || !Arrays.stream(addresses).allMatch(rules::allowed)) {
                throw new RefusedAddress();
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return host;
        }
    }
}
