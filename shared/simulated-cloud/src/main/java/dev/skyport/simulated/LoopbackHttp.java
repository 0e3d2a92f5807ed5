package dev.skyport.simulated;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/** What every loopback protocol server of the tests shares: binding, form bodies, answers. */
public final class LoopbackHttp {

    private LoopbackHttp() {
    }

    /** An HTTP server on a free loopback port, one thread per request (so a hanging answer blocks nothing else). */
    public static HttpServer server() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An application/x-www-form-urlencoded body (AWS Query protocol, OAuth token requests). */
    public static Map<String, String> form(HttpExchange exchange) throws IOException {
        return decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Name-value pairs as a form body or a query string carries them; none for null. */
    public static Map<String, String> decode(String urlEncoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : urlEncoded == null ? new String[0] : urlEncoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    public static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Holds a request long past any client's time limit. */
    public static void hang() {
        try {
            Thread.sleep(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
