package dev.skyport.notifications.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.skyport.notifications.application.WebhookSender;
import dev.skyport.notifications.domain.DestinationRules;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarded sender against a real HTTP server on this machine: what it refuses never reaches the server (names
 * resolving to loopback or the metadata address, a name that "rebinds" between lookups), and what it sends is
 * bounded (no redirect followed, a read timeout, a capped answer).
 */
class GuardedWebhookSenderIT {

    private static final GuardedWebhookSender.Settings SETTINGS = new GuardedWebhookSender.Settings(
            Duration.ofSeconds(2), Duration.ofMillis(500), 1024);

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger bigBodyBytes = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            switch (exchange.getRequestURI().getPath()) {
                case "/redirect" -> {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/target");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/slow" -> {
                    sleep(3_000);
                    exchange.sendResponseHeaders(204, -1);
                }
                case "/big" -> {
                    exchange.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 160; i++) { // 10 MiB, unless the client stops reading
                            out.write(chunk);
                            bigBodyBytes.addAndGet(chunk.length);
                        }
                    } catch (IOException clientWentAway) {
                        // expected: the sender reads at most its cap
                    }
                }
                default -> exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static WebhookSender.Result post(GuardedWebhookSender sender, String url) {
        return sender.post(URI.create(url), Map.of("webhook-id", "msg_1"), "{}");
    }

    /** A resolver that answers fixed addresses per name, as a hostile DNS server could. */
    private static DnsResolver answering(Map<String, List<String>> names) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                List<String> answers = names.get(host);
                if (answers == null) {
                    throw new UnknownHostException(host);
                }
                InetAddress[] addresses = new InetAddress[answers.size()];
                for (int i = 0; i < addresses.length; i++) {
                    addresses[i] = InetAddress.getByName(answers.get(i));
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    @Test
    void outside_the_local_platform_a_name_resolving_to_loopback_is_refused_and_nothing_is_sent() throws Exception {
        try (GuardedWebhookSender sender = closing(new GuardedWebhookSender(new DestinationRules(false), SETTINGS))) {
            WebhookSender.Result result = post(sender, "https://localhost:" + port() + "/hook");
            assertEquals(Optional.of("refused-address"), result.error());
        }
        assertTrue(received.isEmpty(), "the server was reached: " + received);
    }

    @Test
    void names_resolving_to_the_metadata_service_or_a_private_address_are_refused() throws Exception {
        DnsResolver hostile = answering(Map.of(
                "metadata.attacker.test", List.of("169.254.169.254"),
                "v6-metadata.attacker.test", List.of("fd00:ec2::254"),
                "mapped.attacker.test", List.of("::ffff:169.254.169.254"),
                "mixed.attacker.test", List.of("93.184.216.34", "10.0.0.5"),
                "loopback.attacker.test", List.of("127.0.0.1")));
        try (GuardedWebhookSender sender = closing(new GuardedWebhookSender(new DestinationRules(false), SETTINGS,
                hostile))) {
            for (String name : List.of("metadata", "v6-metadata", "mapped", "mixed", "loopback")) {
                WebhookSender.Result result = post(sender, "https://" + name + ".attacker.test:" + port() + "/hook");
                assertEquals(Optional.of("refused-address"), result.error(), name);
                assertTrue(result.statusCode().isEmpty(), name);
            }
        }
        assertTrue(received.isEmpty(), "the server was reached: " + received);
    }

    /**
     * DNS rebinding: the name is public when a check might have looked and loopback when the connection is made. The
     * check is made on the answer the connection uses, so it is refused.
     */
    @Test
    void a_name_that_rebinds_to_loopback_between_lookups_is_refused() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        DnsResolver rebinding = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.216.34"
                        : "127.0.0.1")};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        try (GuardedWebhookSender sender = closing(new GuardedWebhookSender(new DestinationRules(false), SETTINGS,
                rebinding))) {
            rebinding.resolve("rebind.attacker.test"); // the "check" an attacker hopes for
            WebhookSender.Result result = post(sender, "https://rebind.attacker.test:" + port() + "/hook");
            assertEquals(Optional.of("refused-address"), result.error());
        }
        assertTrue(received.isEmpty(), "the server was reached: " + received);
    }

    @Test
    void outside_the_local_platform_plain_http_and_literal_private_addresses_are_refused_before_connecting()
            throws Exception {
        try (GuardedWebhookSender sender = closing(new GuardedWebhookSender(new DestinationRules(false), SETTINGS))) {
            assertEquals(Optional.of("refused-url"), post(sender, "http://127.0.0.1:" + port() + "/hook").error());
            assertEquals(Optional.of("refused-url"), post(sender, "https://127.0.0.1:" + port() + "/hook").error());
            assertEquals(Optional.of("refused-url"), post(sender, "https://[::ffff:127.0.0.1]:" + port() + "/hook")
                    .error());
        }
        assertTrue(received.isEmpty(), "the server was reached: " + received);
    }

    @Test
    void on_the_local_platform_http_to_loopback_is_sent() throws Exception {
        try (GuardedWebhookSender sender = closing(new GuardedWebhookSender(new DestinationRules(true), SETTINGS))) {
            WebhookSender.Result result = post(sender, "http://127.0.0.1:" + port() + "/hook");
            assertTrue(result.succeeded(), result.toString());
            assertEquals(204, result.statusCode().getAsInt());
        }
        assertEquals(List.of("/hook"), received);
    }

    @Test
    void a_redirect_is_not_followed_it_is_a_failed_delivery() throws Exception {
        try (GuardedWebhookSender sender = closing(new GuardedWebhookSender(new DestinationRules(true), SETTINGS))) {
            WebhookSender.Result result = post(sender, "http://127.0.0.1:" + port() + "/redirect");
            assertEquals(302, result.statusCode().getAsInt());
            assertFalse(result.succeeded());
        }
        assertEquals(List.of("/redirect"), received);
    }

    @Test
    void a_receiver_that_does_not_answer_in_time_is_a_timeout() throws Exception {
        try (GuardedWebhookSender sender = closing(new GuardedWebhookSender(new DestinationRules(true), SETTINGS))) {
            WebhookSender.Result result = post(sender, "http://127.0.0.1:" + port() + "/slow");
            assertEquals(Optional.of("timeout"), result.error());
        }
    }

    @Test
    void only_the_first_bytes_of_a_large_answer_are_read() throws Exception {
        try (GuardedWebhookSender sender = closing(new GuardedWebhookSender(new DestinationRules(true), SETTINGS))) {
            WebhookSender.Result result = post(sender, "http://127.0.0.1:" + port() + "/big");
            assertEquals(200, result.statusCode().getAsInt());
        }
        assertTrue(bigBodyBytes.get() < 10 * 1024 * 1024, "the whole answer was read: " + bigBodyBytes.get());
    }

    private static GuardedWebhookSender closing(GuardedWebhookSender sender) {
        return sender;
    }
}
