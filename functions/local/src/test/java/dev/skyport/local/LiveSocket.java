package dev.skyport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (java.net.http) on the local platform's {@code /ws} or a deployed stack's WebSocket API, as
 * a browser would use it: it asks for a ticket over HTTP, connects with it, and keeps every message it receives (with
 * the time it arrived) and how the connection closed.
 */
public final class LiveSocket implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** A message and the {@link System#nanoTime()} it arrived at. */
    record Received(JsonNode message, long at) {
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** A fresh single-use ticket for the bearer's user. */
    public static String ticket(ApiClient api, String bearer) {
        ApiClient.Reply reply = api.post("/auth/ws-ticket", null, "Authorization", bearer);
        if (reply.status() != 201) {
            throw new IllegalStateException("no ticket: " + reply.status() + " " + reply.body());
        }
        return reply.json().path("ticket").asText();
    }

    static LiveSocket open(URI baseUrl, String ticket) {
        return at(URI.create("ws://" + baseUrl.getAuthority() + "/ws"), ticket);
    }

    /**
     * Connects to {@code webSocketUrl} ({@code ws://localhost:8080/ws}, or a stack's {@code WebSocketUrl} output) with
     * {@code ?ticket=}, or without one when {@code ticket} is null.
     */
    public static LiveSocket at(URI webSocketUrl, String ticket) {
        LiveSocket live = new LiveSocket();
        URI uri = URI.create(webSocketUrl + (ticket == null ? "" : "?ticket="
                + java.net.URLEncoder.encode(ticket, java.nio.charset.StandardCharsets.UTF_8)));
        live.socket = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, live).join();
        return live;
    }

    /**
     * How the platform answers a handshake for {@code /ws?QUERY} sent as written, byte for byte, as a browser sends a
     * URL that java.net.URI would refuse to build (a bad percent escape): the HTTP status when the upgrade itself is
     * refused, or, after a 101, the code of the close frame that follows (-1 when the connection ends without one).
     */
    static Refusal handshake(URI baseUrl, String rawQuery) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(baseUrl.getHost(), baseUrl.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws?" + rawQuery + " HTTP/1.1\r\nHost: " + baseUrl.getAuthority()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            while (!line(in).isEmpty()) {
                // the headers
            }
            if (status != 101) {
                return new Refusal(status, -1);
            }
            try {
                int first = in.readUnsignedByte();
                int length = in.readUnsignedByte() & 0x7f;
                if ((first & 0x0f) != 0x8 || length < 2) {
                    return new Refusal(status, -1);
                }
                return new Refusal(status, in.readUnsignedShort());
            } catch (java.io.EOFException ended) {
                return new Refusal(status, -1);
            }
        }
    }

    /** The answer to a raw handshake: an HTTP status, and the close code after a 101. */
    record Refusal(int status, int closeCode) {
    }

    private static String line(java.io.DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new java.io.EOFException("the connection ended in the middle of the answer: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    static LiveSocket connect(ApiClient api, URI baseUrl, String bearer) {
        return open(baseUrl, ticket(api, bearer));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(new Received(JSON.readTree(partial.toString()), System.nanoTime()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, or null after {@code timeout}. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        Received next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return next == null ? null : next.message();
    }

    /** Messages as they arrive until one matches {@code last}; fails after {@code timeout}. */
    public List<JsonNode> until(Predicate<JsonNode> last, Duration timeout) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Received next = received.poll(10, TimeUnit.MILLISECONDS);
            if (next != null) {
                seen.add(next.message());
                if (last.test(next.message())) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no matching message within " + timeout + "; received " + seen);
    }

    /** The next message with its arrival time, or null after {@code timeout}. */
    Received nextTimed(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Everything received so far and not yet taken. */
    List<JsonNode> drain() {
        List<Received> all = new ArrayList<>();
        received.drainTo(all);
        return all.stream().map(Received::message).toList();
    }

    /** The close code the server sent, once it closed (or -1 on an error). */
    public int closeCode(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the connection without a closing handshake, as a lost network does. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            } catch (java.util.concurrent.CompletionException closedMeanwhile) {
                // The platform closed it between the check and the send: closed is what was wanted.
                if (!(closedMeanwhile.getCause() instanceof IOException)) {
                    throw closedMeanwhile;
                }
            }
        }
    }
}
