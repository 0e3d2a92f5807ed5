package dev.skyport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server that speaks the SES v2 {@code SendEmail} REST call, so the real SDK client and the real
 * {@code SesMailer} run in tests; it keeps what was sent. Mail is sent off the request path (a mail queue's consumer):
 * given the queue ({@link #sentThrough}), every accessor first waits, bounded, until the queue has drained, so a test
 * reads a mail right after its request and "nothing was sent" means the work was done and sent nothing.
 */
public final class LocalSesServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("(https?://\\S+/auth/verify\\?token=\\S+)");
    private static final Pattern RESET_LINK = Pattern.compile("(https?://\\S+/auth/password/reset\\?token=\\S+)");

    private static final java.time.Duration DRAIN_LIMIT = java.time.Duration.ofSeconds(10);

    private final HttpServer server;
    private final List<SentEmail> sent = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Consumer<java.time.Duration> queue;

    public LocalSesServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v2/email/outbound-emails", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            JsonNode simple = body.path("Content").path("Simple");
            sent.add(new SentEmail(body.path("FromEmailAddress").asText(),
                    body.path("Destination").path("ToAddresses").path(0).asText(),
                    simple.path("Subject").path("Data").asText(),
                    simple.path("Body").path("Text").path("Data").asText()));
            byte[] answer = ("{\"MessageId\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Mails are sent by this queue's consumer: read them once it has drained. */
    public LocalSesServer sentThrough(LocalSqsServer mailQueue) {
        this.queue = mailQueue::awaitDrained;
        return this;
    }

    /**
     * Mails are sent by an in-process queue's worker: read them once it has drained.
     *
     * @param awaitDrained waits until the queue has drained, or returns false past the limit it is given
     */
    public LocalSesServer sentThrough(java.util.function.Predicate<java.time.Duration> awaitDrained) {
        this.queue = limit -> {
            if (!awaitDrained.test(limit)) {
                throw new AssertionError("the mail queue has not drained after " + limit);
            }
        };
        return this;
    }

    private void awaitQueue() {
        java.util.function.Consumer<java.time.Duration> mailQueue = queue;
        if (mailQueue != null) {
            mailQueue.accept(DRAIN_LIMIT);
        }
    }

    public List<SentEmail> sentTo(String address) {
        awaitQueue();
        return sent.stream().filter(email -> email.to().equalsIgnoreCase(address)).toList();
    }

    public List<SentEmail> all() {
        awaitQueue();
        return List.copyOf(sent);
    }

    /** The token of the newest verification link sent to the address. */
    public Optional<String> latestVerificationToken(String address) {
        return latestToken(address, LINK);
    }

    /** The token of the newest password-reset link mailed to the address. */
    public Optional<String> latestResetToken(String address) {
        return latestToken(address, RESET_LINK);
    }

    private Optional<String> latestToken(String address, Pattern link) {
        List<SentEmail> emails = sentTo(address);
        for (int i = emails.size() - 1; i >= 0; i--) {
            Matcher matcher = link.matcher(emails.get(i).text());
            if (matcher.find()) {
                String found = matcher.group(1);
                return Optional.of(java.net.URLDecoder.decode(found.substring(found.indexOf("token=") + 6),
                        StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public record SentEmail(String from, String to, String subject, String text) {
    }
}
