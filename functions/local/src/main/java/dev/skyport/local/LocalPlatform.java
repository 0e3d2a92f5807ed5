package dev.skyport.local;

import dev.skyport.console.ConsoleHeaders;
import dev.skyport.identity.adapter.inprocess.InProcessMailQueue;
import dev.skyport.identity.config.EventMailSettings;
import dev.skyport.local.events.LocalEventMail;
import dev.skyport.local.provisioning.DockerProvisioner;
import dev.skyport.notifications.config.ChannelSettings;
import dev.skyport.platform.dynamodb.DynamoDbLocalServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole of Skyport in one JVM for development: every HTTP route and the WebSocket endpoint on one Netty server,
 * DynamoDB Local in-process (or any DynamoDB-compatible endpoint) with its clusters stream polled into the stream
 * publisher, e-mails in an outbox folder. Its options are {@link #USAGE} ({@code --help} prints them).
 */
public final class LocalPlatform implements AutoCloseable {

    /** What {@code --help} prints. */
    static final String USAGE = """
            Usage: java -jar skyport-local.jar [options]
              --port N          where the API listens (default 8080, or SKYPORT_PORT)
              --host ADDR       the address it binds (default 127.0.0.1: this machine only; or SKYPORT_HOST)
              --data-dir DIR    where tables, the signing key and the outbox live between runs (default .skyport)
              --in-memory       keep nothing: tables in memory, the outbox and keys in a temporary folder
                                that is deleted when the platform stops
              --endpoint URL    use this AWS endpoint (LocalStack or compatible) instead of DynamoDB Local
                                (default AWS_ENDPOINT_URL when set)
              --secrets-endpoint URL
                                keep cloud credentials in the Secrets Manager at this endpoint (without it and
                                without --endpoint they are kept encrypted in DynamoDB Local)
              --json-logs       log JSON lines, as the functions do in AWS (or SKYPORT_LOG_FORMAT=json)
              --provisioner simulated|docker
                                run clusters with the simulated provisioner (the default) or the real Terraform
                                image under Docker (--image NAME, default skyport-terraform:local)
              --cloud simulated|real
                                verify cloud accounts against a simulated AWS, Azure and Google on this machine
                                (the default) or against the real providers (or SKYPORT_CLOUD)
              --help            print this and stop
            """;

    static final String SECRETS_ENDPOINT = "skyport.aws.endpoints.secretsmanager";
    static final String HOST = "micronaut.server.host";
    /** Only this machine reaches the development platform unless told otherwise (--host). */
    static final String DEFAULT_HOST = "127.0.0.1";
    /**
     * How long a connection may stay silent, as API Gateway's WebSocket APIs allow (10 minutes; Micronaut's default is
     * 5). Micronaut closes a WebSocket (1001) when nothing was read, or nothing written, for this long: a client's
     * {@code {"type":"ping"}} and its pong reset both. What API Gateway also does, end every connection after 2
     * hours, the local platform does not.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    static final List<String> IDLE_TIMEOUTS = List.of("micronaut.server.idle-timeout",
            "micronaut.server.read-idle-timeout", "micronaut.server.write-idle-timeout");

    private final Optional<DynamoDbLocalServer> dynamoDbLocal;
    private final Optional<SimulatedCloud> simulatedCloud;
    private final ApplicationContext context;
    private final Path outbox;
    /** With --in-memory: the folder made for this run (outbox, keys, plans), deleted when the platform stops. */
    private final Optional<Path> temporaryHome;

    private LocalPlatform(Optional<DynamoDbLocalServer> dynamoDbLocal, Optional<SimulatedCloud> simulatedCloud,
                          ApplicationContext context, Path outbox, Optional<Path> temporaryHome) {
        this.dynamoDbLocal = dynamoDbLocal;
        this.simulatedCloud = simulatedCloud;
        this.context = context;
        this.outbox = outbox;
        this.temporaryHome = temporaryHome;
    }

    /**
     * @param overrides      further properties, for tests that point providers at local servers
     * @param simulatedCloud cloud accounts are verified against the simulated cloud, not the real providers
     */
    public record Options(int port, Optional<Path> dataDir, Optional<URI> awsEndpoint, Map<String, Object> overrides,
                          boolean simulatedCloud) {

        public Options(int port, Optional<Path> dataDir, Optional<URI> awsEndpoint) {
            this(port, dataDir, awsEndpoint, Map.of());
        }

        public Options(int port, Optional<Path> dataDir, Optional<URI> awsEndpoint, Map<String, Object> overrides) {
            this(port, dataDir, awsEndpoint, overrides, true);
        }

        static Options parse(String[] args, Map<String, String> env) {
            int port = Integer.parseInt(env.getOrDefault("SKYPORT_PORT", "8080"));
            Optional<Path> dataDir = Optional.of(Path.of(env.getOrDefault("SKYPORT_DATA_DIR", ".skyport")));
            Optional<URI> endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank())
                    .map(URI::create);
            Map<String, Object> overrides = new HashMap<>();
            String cloud = env.getOrDefault("SKYPORT_CLOUD", "simulated");
            Optional.ofNullable(env.get("SKYPORT_HOST")).filter(s -> !s.isBlank())
                    .ifPresent(host -> overrides.put(HOST, host));
            Optional.ofNullable(env.get("SKYPORT_AWS_ENDPOINTS_SECRETSMANAGER")).filter(s -> !s.isBlank())
                    .ifPresent(url -> overrides.put(SECRETS_ENDPOINT, url));
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = port(value(args, ++i, "--port"));
                    case "--host" -> overrides.put(HOST, value(args, ++i, "--host"));
                    case "--data-dir" -> dataDir = Optional.of(Path.of(value(args, ++i, "--data-dir")));
                    case "--in-memory" -> dataDir = Optional.empty();
                    case "--endpoint" -> endpoint = Optional.of(URI.create(value(args, ++i, "--endpoint")));
                    case "--secrets-endpoint" -> overrides.put(SECRETS_ENDPOINT, value(args, ++i, "--secrets-endpoint"));
                    case "--cloud" -> cloud = value(args, ++i, "--cloud");
                    case "--provisioner" -> {
                        String kind = value(args, ++i, "--provisioner");
                        if (!kind.equals("simulated") && !kind.equals("docker")) {
                            throw new IllegalArgumentException("--provisioner is simulated or docker, not " + kind);
                        }
                        overrides.put(LocalSettings.PROVISIONER, kind);
                    }
                    case "--image" -> overrides.put(LocalSettings.TERRAFORM_IMAGE, value(args, ++i, "--image"));
                    case "--json-logs" -> {
                        // read by main before logging starts: see logbackConfiguration
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!cloud.equals("simulated") && !cloud.equals("real")) {
                throw new IllegalArgumentException("--cloud is simulated or real, not " + cloud);
            }
            return new Options(port, dataDir, endpoint, Map.copyOf(overrides), cloud.equals("simulated"));
        }

        private static int port(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port >= 0 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException notANumber) {
                // said below
            }
            throw new IllegalArgumentException("--port is a number from 0 to 65535, not " + text);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }

    public static LocalPlatform start(Options options) {
        Path home = LocalFiles.ownerOnlyDirectory(options.dataDir().orElseGet(LocalPlatform::temporaryHome)
                .toAbsolutePath());
        Optional<Path> temporaryHome = options.dataDir().isEmpty() ? Optional.of(home) : Optional.empty();
        Optional<DynamoDbLocalServer> dynamoDbLocal = options.awsEndpoint().isPresent() ? Optional.empty()
                : Optional.of(DynamoDbLocalServer.start(options.dataDir().map(dir -> home.resolve("dynamodb")), 0));
        URI dynamoDbEndpoint = options.awsEndpoint().orElseGet(() -> dynamoDbLocal.orElseThrow().endpoint());

        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", options.port());
        properties.put(HOST, DEFAULT_HOST);
        IDLE_TIMEOUTS.forEach(name -> properties.put(name, IDLE_TIMEOUT.toSeconds() + "s"));
        properties.put("skyport.identity.public-base-url", "http://localhost:" + options.port());
        properties.put("skyport.aws.endpoints.dynamodb", dynamoDbEndpoint.toString());
        options.awsEndpoint().ifPresent(endpoint -> properties.put("skyport.aws.endpoint", endpoint.toString()));
        properties.put("skyport.aws.access-key-id", System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "local"));
        properties.put("skyport.aws.secret-access-key",
                System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "local"));
        properties.put(LocalSettings.OUTBOX_DIR, home.resolve("outbox").toString());
        // mail work off the request path, as the SQS queue does it in AWS: asynchronous, retried, at least once
        properties.put(InProcessMailQueue.ENABLED, true);
        // channel deliveries likewise, on the platform's clock; and plain http to this machine's own receivers
        properties.put(ChannelSettings.QUEUE_IN_PROCESS, true);
        properties.put(ChannelSettings.ALLOW_LOOPBACK_HTTP, true);
        // the channel delivery's sender id on the local event-mail queue (LocalEventMail), as its role's is in AWS
        properties.put(EventMailSettings.CHANNEL_SENDER, LocalEventMail.CHANNEL_SENDER);
        properties.put(ChannelSettings.LINK_BASE, "http://localhost:" + options.port());
        properties.put(LocalSettings.PLANS_DIR, home.resolve("plans").toString());
        // Kept with the tables only: with --in-memory the stream starts afresh each time, and so does the poller.
        options.dataDir().ifPresent(dir -> properties.put(LocalSettings.STREAM_CHECKPOINT_FILE,
                home.resolve("stream-checkpoint.json").toString()));
        properties.put(LocalSettings.CLUSTER_CREATORS,
                System.getenv().getOrDefault("SKYPORT_CLUSTERS_CREATORS", "user"));
        properties.put(LocalSettings.SIGNING_KEY_FILE, home.resolve("signing-keys.json").toString());
        properties.put(LocalSettings.MFA_KEY_FILE, home.resolve("mfa-key").toString());
        if (options.awsEndpoint().isEmpty() && !options.overrides().containsKey(SECRETS_ENDPOINT)) {
            properties.put(LocalSettings.ENCRYPTED_SECRETS, true);
            properties.put(LocalSettings.SECRETS_KEY_FILE, home.resolve("secrets-key").toString());
        }
        Optional<SimulatedCloud> cloud = options.simulatedCloud() ? Optional.of(new SimulatedCloud()) : Optional.empty();
        cloud.ifPresent(simulated -> properties.putAll(simulated.properties()));
        properties.putAll(options.overrides());

        // The tables are made while the context starts (LocalTables), before the server opens its port.
        ApplicationContext context;
        try {
            context = Micronaut.build(new String[0])
                    .mainClass(LocalPlatform.class)
                    .banner(false)
                    .environments(LocalOnly.ENVIRONMENT)
                    .properties(properties)
                    .singletons(cloud.<Object[]>map(simulated -> new Object[] {simulated}).orElse(new Object[0]))
                    .start();
        } catch (RuntimeException e) {
            dynamoDbLocal.ifPresent(DynamoDbLocalServer::close);
            cloud.ifPresent(SimulatedCloud::close);
            temporaryHome.ifPresent(LocalFiles::deleteTree);
            throw e;
        }
        return new LocalPlatform(dynamoDbLocal, cloud, context, home.resolve("outbox"), temporaryHome);
    }

    private static Path temporaryHome() {
        try {
            return Files.createTempDirectory("skyport-local-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + context.getBean(EmbeddedServer.class).getPort());
    }

    public Path outbox() {
        return outbox;
    }

    public ApplicationContext context() {
        return context;
    }

    private void stopDynamoDbLocalAfterContext() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(4);
        while (context.isRunning() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        dynamoDbLocal.ifPresent(DynamoDbLocalServer::close);
        simulatedCloud.ifPresent(SimulatedCloud::close);
        try {
            temporaryHome.ifPresent(LocalFiles::deleteTree);
        } catch (UncheckedIOException notAll) {
            System.err.println("skyport-local: " + notAll.getMessage() + ": " + notAll.getCause().getMessage());
        }
    }

    /** Stops everything; with --in-memory ("nothing kept") its temporary folder, keys and mails included, goes too. */
    @Override
    public void close() {
        context.close();
        dynamoDbLocal.ifPresent(DynamoDbLocalServer::close);
        simulatedCloud.ifPresent(SimulatedCloud::close);
        temporaryHome.ifPresent(LocalFiles::deleteTree);
    }

    /** Human-readable lines by default; JSON lines (as in AWS) with --json-logs or SKYPORT_LOG_FORMAT=json. */
    static String logbackConfiguration(String[] args, Map<String, String> env) {
        boolean json = java.util.Arrays.asList(args).contains("--json-logs")
                || "json".equalsIgnoreCase(env.getOrDefault("SKYPORT_LOG_FORMAT", ""));
        return json ? "skyport-local-logback-json.xml" : "skyport-local-logback.xml";
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        try {
            Options.parse(args, System.getenv());
        } catch (IllegalArgumentException wrong) {
            System.err.println("skyport-local: " + wrong.getMessage() + " (java -jar skyport-local.jar --help lists"
                    + " the options)");
            System.exit(2);
        }
        // The local platform has its own logging configuration (the functions' JsonLogConfigurator defers to it).
        System.setProperty("logback.configurationFile", logbackConfiguration(args, System.getenv()));
        Optional<Path> childJar = LocalJvm.childJar();
        if (childJar.isPresent()) {
            System.exit(LocalJvm.runChild(childJar.get(), args));
        }
        LocalJvm.followParent();
        LocalPlatform platform = start(Options.parse(args, System.getenv()));
        // Micronaut's own shutdown hook stops the server and closes the context; a second hook closing the context
        // too deadlocked in NettyHttpServer.stop. Ours only waits for that, then stops DynamoDB Local (and deletes the
        // temporary folder of --in-memory).
        Runtime.getRuntime().addShutdownHook(new Thread(platform::stopDynamoDbLocalAfterContext,
                "skyport-local-shutdown"));
        System.out.println();
        System.out.println("Skyport local platform is up.");
        System.out.println("  Console      " + platform.baseUrl() + ConsoleHeaders.PATH + "  (open it in a browser)");
        System.out.println("  API          " + platform.baseUrl() + "  (listening on "
                + platform.context.getProperty(HOST, String.class).orElse(DEFAULT_HOST) + "; --host to change)");
        System.out.println("  OpenAPI      " + platform.baseUrl() + "/openapi.yml");
        System.out.println("  Live         ws://" + platform.baseUrl().getAuthority() + "/ws?ticket=...  (a ticket from POST "
                + platform.baseUrl() + "/auth/ws-ticket; cluster status, log lines and notifications as they happen)");
        System.out.println("  Outbox       " + platform.outbox() + "  (also GET " + platform.baseUrl() + "/local/outbox)");
        System.out.println("  DynamoDB     " + platform.dynamoDbLocal.map(server -> "DynamoDB Local at "
                + server.endpoint()).orElse("endpoint " + platform.context.getProperty(
                "skyport.aws.endpoints.dynamodb", String.class).orElse("?")));
        System.out.println("  Cloud        " + (platform.simulatedCloud.isPresent()
                ? "simulated AWS, Azure and Google on this machine: sample credentials at GET " + platform.baseUrl()
                + "/local/simulated-cloud (--cloud real for the real providers)"
                : "the real providers (needs internet and real credentials)"));
        System.out.println("  Clusters     " + ("docker".equals(platform.context.getProperty(LocalSettings.PROVISIONER,
                String.class).orElse("simulated"))
                ? "the Terraform image under Docker (" + platform.context.getProperty(LocalSettings.TERRAFORM_IMAGE,
                String.class).orElse(DockerProvisioner.DEFAULT_IMAGE) + "): runs make real clusters in your cloud accounts"
                : "simulated provisioner: runs walk the real lifecycle and write log lines, nothing is made in any"
                + " cloud (tag a cluster simulate-failure=init|apply|update|destroy to see a run fail once,"
                + " <step>-always for every run)"));
        System.out.println("  JVM heap     at most " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MB (java -Xmx... -jar to choose another)");
        System.out.println("Press Ctrl+C to stop.");
    }
}
