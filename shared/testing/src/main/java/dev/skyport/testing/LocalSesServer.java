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
 * {@code SesMailer} run in tests; it keeps what was sent.
 */
public final class LocalSesServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("(https?://\\S+/auth/verify\\?token=\\S+)");
    private static final Pattern RESET_LINK = Pattern.compile("(https?://\\S+/auth/password/reset\\?token=\\S+)");

    private final HttpServer server;
    private final List<SentEmail> sent = new CopyOnWriteArrayList<>();

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

    public List<SentEmail> sentTo(String address) {
        return sent.stream().filter(email -> email.to().equalsIgnoreCase(address)).toList();
    }

    public List<SentEmail> all() {
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
