package dev.skyport.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.ApiClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Live status on the local platform, measured (run with {@code -Pbench}; figures printed, never asserted):
 * <ol>
 *   <li>latency: a cluster's status is written to the clusters table as the workflow writes it, and the time until
 *       the owner's WebSocket client has the {@code cluster.status} message, over {@value #TRANSITIONS} transitions
 *       one after the other (the stream poll, the stream publisher, the in-process topic, the realtime handler,
 *       the push);</li>
 *   <li>fan-out: {@value #CONNECTIONS} WebSocket connections open at once ({@value #USERS} people with
 *       {@value #PER_USER} each), one status change per person written together, and the time until every
 *       connection has its message; with the heap those connections take.</li>
 * </ol>
 * Statuses alternate between PROVISIONING and DELETING, which make no notification: the figure is the status path.
 */
public final class LiveStatusBench {

    static final int TRANSITIONS = 1_000;
    static final int USERS = 50;
    static final int PER_USER = 20;
    static final int CONNECTIONS = USERS * PER_USER;

    private final LocalPlatform platform;
    private final ApiClient api;
    private final DynamoDbClient dynamoDb;
    private final String table;

    private LiveStatusBench(LocalPlatform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform::baseUrl);
        this.dynamoDb = platform.context().getBean(DynamoDbClient.class);
        this.table = platform.context().getBean(TableNames.class).nameOf(SkyportTables.CLUSTERS);
    }

    public static void main(String[] args) throws Exception {
        // Every bench user signs up from this one address: the per-address sign-up limit is raised for the run.
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(),
                Optional.empty(), Optional.empty(), Map.of("skyport.identity.mail-requests-per-client-address",
                        "1000")))) {
            LiveStatusBench bench = new LiveStatusBench(platform);
            bench.latency();
            bench.fanOut();
        }
        System.exit(0);
    }

    /** A cluster item of {@code owner}, as the clusters store writes one (what the stream publisher reads). */
    private String newCluster(String owner) {
        String id = UUID.randomUUID().toString();
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#" + owner), "sk", s("CLUSTER#" + id),
                "id", s(id), "owner", s(owner), "name", s("bench"), "status", s("REQUESTED"),
                "version", n(1), "updatedAt", n(System.currentTimeMillis()))));
        return id;
    }

    /** The conditional status write a workflow step makes. */
    private void transition(String owner, String id, long version) {
        String to = version % 2 == 0 ? "PROVISIONING" : "DELETING";
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s("USER#" + owner), "sk", s("CLUSTER#" + id)))
                .updateExpression("SET #status = :to, version = :next, updatedAt = :now")
                .conditionExpression("version = :current")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":to", s(to), ":next", n(version), ":current", n(version - 1),
                        ":now", n(System.currentTimeMillis()))));
    }

    private void latency() throws Exception {
        String bearer = TourSteps.signedIn(api, "bench-latency@example.com", "bench-latency");
        String owner = api.get("/me", "Authorization", bearer).json().path("id").asText();
        try (LiveSocket live = LiveSocket.connect(api, platform.baseUrl(), bearer)) {
            String id = newCluster(owner);
            live.until(message -> message.path("status").asText().equals("REQUESTED"), Duration.ofSeconds(30));
            long[] micros = new long[TRANSITIONS];
            for (int i = 0; i < TRANSITIONS; i++) {
                long version = i + 2;
                long start = System.nanoTime();
                transition(owner, id, version);
                LiveSocket.Received received;
                do {
                    received = live.nextTimed(Duration.ofSeconds(30));
                    if (received == null) {
                        throw new IllegalStateException("no message for version " + version);
                    }
                } while (received.message().path("version").asLong() != version);
                micros[i] = (received.at() - start) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf("live status latency, write to WebSocket message, %d transitions one after the other:"
                            + " p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", TRANSITIONS,
                    micros[TRANSITIONS / 2] / 1000.0, micros[TRANSITIONS * 9 / 10] / 1000.0,
                    micros[TRANSITIONS * 99 / 100] / 1000.0, micros[TRANSITIONS - 1] / 1000.0);
        }
    }

    private void fanOut() throws Exception {
        List<String> bearers = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            String bearer = TourSteps.signedIn(api, "bench-" + user + "@example.com", "bench-" + user);
            bearers.add(bearer);
            owners.add(api.get("/me", "Authorization", bearer).json().path("id").asText());
        }
        List<String> clusters = owners.stream().map(this::newCluster).toList();
        Thread.sleep(2_000);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        List<LiveSocket> sockets = new ArrayList<>();
        long opening = System.nanoTime();
        for (int user = 0; user < USERS; user++) {
            for (int connection = 0; connection < PER_USER; connection++) {
                sockets.add(LiveSocket.connect(api, platform.baseUrl(), bearers.get(user)));
            }
        }
        double openSeconds = (System.nanoTime() - opening) / 1e9;
        Thread.sleep(1_000);
        System.gc();
        long heapWith = memory.getHeapMemoryUsage().getUsed();
        sockets.forEach(LiveSocket::drain);

        long start = System.nanoTime();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int user = 0; user < USERS; user++) {
                int index = user;
                writers.execute(() -> transition(owners.get(index), clusters.get(index), 2));
            }
        }
        long last = start;
        for (LiveSocket socket : sockets) {
            JsonNode message;
            LiveSocket.Received received;
            do {
                received = socket.nextTimed(Duration.ofSeconds(60));
                if (received == null) {
                    throw new IllegalStateException("a connection never got its message");
                }
                message = received.message();
            } while (message.path("version").asLong() != 2);
            last = Math.max(last, received.at());
        }
        System.out.printf("fan-out: %d connections (%d people x %d) opened in %.1f s; %d status changes written at"
                        + " once, all %d connections had theirs after %.0f ms; heap used by the open connections"
                        + " about %.1f MB (%.1f KB each)%n", CONNECTIONS, USERS, PER_USER, openSeconds, USERS,
                CONNECTIONS, (last - start) / 1e6, (heapWith - heapBefore) / 1e6,
                (heapWith - heapBefore) / 1e3 / CONNECTIONS);
        System.out.printf("JVM: %s, %d cores, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1_000_000);
        sockets.forEach(LiveSocket::abort);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
