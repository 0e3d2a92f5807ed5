package dev.skyport.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback HTTP server that answers SNS {@code Publish} in the Query protocol the SDK speaks, so the real SNS
 * client and publisher run in tests; it keeps the published messages and can be told to fail.
 */
public final class LocalSnsServer implements AutoCloseable {

    private final HttpServer server;
    private final List<Map<String, String>> published = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();

    public LocalSnsServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (failing.get()) {
                byte[] error = ("<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code>"
                        + "<Message>down</Message></Error><RequestId>x</RequestId></ErrorResponse>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, error.length);
                exchange.getResponseBody().write(error);
                exchange.close();
                return;
            }
            Map<String, String> form = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            published.add(form);
            byte[] answer = ("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                    + "<MessageId>" + UUID.randomUUID() + "</MessageId></PublishResult><ResponseMetadata>"
                    + "<RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></PublishResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The Query parameters of each Publish call: Action, TopicArn, Message, MessageAttributes... */
    public List<Map<String, String>> published() {
        return List.copyOf(published);
    }

    public void failing(boolean fail) {
        failing.set(fail);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
