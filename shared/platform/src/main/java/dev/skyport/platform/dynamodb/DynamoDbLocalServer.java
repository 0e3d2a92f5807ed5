package dev.skyport.platform.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DynamoDB Local (the real engine, with conditional writes, transactions, GSIs and TTL) in this JVM, serving
 * HTTP on a loopback port. Development platform and tests only: Lambda jars do not carry DynamoDB Local.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    /**
     * The AWS SDK v1 inside DynamoDB Local warns through java.util.logging at start (JAXB is absent, a fallback
     * is used): nothing a user of the platform can act on. Its errors still show. Held here, as JUL keeps loggers
     * only weakly.
     */
    private static final Logger EMBEDDED_SDK_LOG = Logger.getLogger("com.amazonaws");

    static {
        EMBEDDED_SDK_LOG.setLevel(Level.SEVERE);
    }

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * @param dataDirectory where tables are kept between runs; empty keeps them in memory only
     * @param port the port to listen on, 0 for a free one
     */
    public static DynamoDbLocalServer start(Optional<Path> dataDirectory, int port) {
        try {
            int chosenPort = port == 0 ? freePort() : port;
            List<String> args = new ArrayList<>(List.of("-port", Integer.toString(chosenPort), "-sharedDb",
                    "-disableTelemetry"));
            if (dataDirectory.isPresent()) {
                Files.createDirectories(dataDirectory.get());
                args.addAll(List.of("-dbPath", dataDirectory.get().toAbsolutePath().toString()));
            } else {
                args.add("-inMemory");
            }
            // What createServerFromCommandLineArgs does, without printing its configuration to standard output.
            CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
            if (!input.init()) {
                throw new IllegalArgumentException("DynamoDB Local refused its options " + args);
            }
            DynamoDBProxyServer server = ServerRunner.createServer(input);
            server.start();
            return new DynamoDbLocalServer(server, URI.create("http://127.0.0.1:" + chosenPort));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
