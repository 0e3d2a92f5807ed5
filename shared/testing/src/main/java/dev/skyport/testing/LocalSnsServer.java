package dev.skyport.testing;

import dev.skyport.simulated.LoopbackHttp;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
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
        server = LoopbackHttp.server();
        server.createContext("/", exchange -> {
            Map<String, String> form = LoopbackHttp.form(exchange);
            if (failing.get()) {
                LoopbackHttp.answer(exchange, 500, "text/xml", "<ErrorResponse><Error><Type>Receiver</Type>"
                        + "<Code>InternalError</Code><Message>down</Message></Error><RequestId>x</RequestId>"
                        + "</ErrorResponse>");
                return;
            }
            published.add(form);
            LoopbackHttp.answer(exchange, 200, "text/xml", "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/"
                    + "2010-03-31/\"><PublishResult><MessageId>" + UUID.randomUUID() + "</MessageId></PublishResult>"
                    + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
                    + "</PublishResponse>");
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
