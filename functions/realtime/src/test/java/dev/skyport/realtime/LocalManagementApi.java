package dev.skyport.realtime;

import com.sun.net.httpserver.HttpServer;
import dev.skyport.simulated.LoopbackHttp;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server speaking API Gateway's Management API as far as {@code PostToConnection} and
 * {@code DeleteConnection} go ({@code POST} and {@code DELETE /<stage>/@connections/<id>}): it keeps what each connection was sent, answers 410 Gone (with the
 * error type the SDK reads) for connections told to be gone, and 500 for those told to be broken.
 */
final class LocalManagementApi implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();

    LocalManagementApi() {
        server = LoopbackHttp.server();
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            int at = path.indexOf("/@connections/");
            String method = exchange.getRequestMethod();
            if (!("POST".equals(method) || "DELETE".equals(method)) || at < 0) {
                LoopbackHttp.answer(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
                return;
            }
            String connection = URLDecoder.decode(path.substring(at + "/@connections/".length()),
                    StandardCharsets.UTF_8);
            if ("DELETE".equals(method)) {
                // DeleteConnection: closed now, so gone from then on.
                boolean wasOpen = gone.add(connection);
                closed.add(connection);
                if (!wasOpen) {
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", "GoneException");
                    LoopbackHttp.answer(exchange, 410, "application/json", "{\"message\":null}");
                    return;
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (gone.contains(connection)) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "GoneException");
                LoopbackHttp.answer(exchange, 410, "application/json", "{\"message\":null}");
                return;
            }
            if (broken.contains(connection)) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "InternalServerErrorException");
                LoopbackHttp.answer(exchange, 500, "application/json", "{\"message\":\"Internal server error\"}");
                return;
            }
            received.computeIfAbsent(connection, id -> new CopyOnWriteArrayList<>()).add(body);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The callback URL of a WebSocket API's stage, as CDK gives it to the function. */
    URI callbackUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/live");
    }

    List<String> received(String connection) {
        return List.copyOf(received.getOrDefault(connection, List.of()));
    }

    /** Whether the function closed the connection ({@code DeleteConnection}). */
    boolean closed(String connection) {
        return closed.contains(connection);
    }

    void gone(String connection) {
        gone.add(connection);
    }

    void broken(String connection) {
        broken.add(connection);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
