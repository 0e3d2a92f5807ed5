package dev.skyport.local;

import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ProbeFigures;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A load run of the local platform's routes (run with {@code -Pbench}; figures printed, never asserted):
 * {@value #CLIENTS} clients at once, each sending the requests of every {@link Kind} in turn, so the kinds share the
 * machine's noise; latency p50 / p90 / p99 / max per kind over {@value #REQUESTS} requests each after
 * {@value #WARM_UP} warm-up rounds, the throughput of the whole run, and the process's peak RSS and heap. The
 * authenticated reads are the baseline the refusals (no token, a forged token) are compared with.
 */
public final class LocalLoadBench {

    static final int CLIENTS = 8;
    static final int WARM_UP = 500;
    static final int REQUESTS = 20_000;
    private static final long MIB = 1024 * 1024;

    /** One kind of request and the status it must get. */
    private record Kind(String name, String path, String authorization, int status) {
    }

    public static void main(String[] args) throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(),
                Optional.empty(), Optional.empty(), Map.of()))) {
            ApiClient api = new ApiClient(platform::baseUrl);
            String bearer = TourSteps.signedIn(api, "load@example.com", "load");
            // The same header and claims as the real token, signed with a key of the same kind that is not the
            // platform's: the refusal costs a full ES256 verification.
            SignedJWT real = SignedJWT.parse(bearer.substring("Bearer ".length()));
            SignedJWT other = new SignedJWT(real.getHeader(), real.getJWTClaimsSet());
            other.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
            String forged = "Bearer " + other.serialize();
            List<Kind> kinds = List.of(
                    new Kind("GET /me, signed in", "/me", bearer, 200),
                    new Kind("GET /auth/session, signed in", "/auth/session", bearer, 200),
                    new Kind("GET /clusters, signed in", "/clusters", bearer, 200),
                    new Kind("GET /me, no token (401)", "/me", null, 401),
                    new Kind("GET /me, forged token (401)", "/me", forged, 401));

            run(api, kinds, WARM_UP);
            long start = System.nanoTime();
            Map<Kind, long[]> micros = run(api, kinds, REQUESTS / CLIENTS);
            double seconds = (System.nanoTime() - start) / 1e9;

            System.out.printf("%nlocal platform load run: %d clients, %d requests of each kind (%d in all) in %.1f s,"
                            + " %.0f requests/s; JDK %s, %d cores, max heap %d MiB%n", CLIENTS, REQUESTS,
                    REQUESTS * kinds.size(), seconds, REQUESTS * kinds.size() / seconds,
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / MIB);
            System.out.printf("%-32s %8s %8s %8s %8s%n", "request", "p50 ms", "p90 ms", "p99 ms", "max ms");
            for (Kind kind : kinds) {
                long[] sorted = micros.get(kind);
                Arrays.sort(sorted);
                System.out.printf("%-32s %8.2f %8.2f %8.2f %8.2f%n", kind.name(), sorted[sorted.length / 2] / 1e3,
                        sorted[sorted.length * 9 / 10] / 1e3, sorted[sorted.length * 99 / 100] / 1e3,
                        sorted[sorted.length - 1] / 1e3);
            }
            // The clients run in the platform's JVM: these figures are the two together, an upper bound.
            System.out.printf("platform and clients in one JVM: peak RSS %d MiB, heap used now %d MiB of %d MiB"
                            + " committed%n", ProbeFigures.peakRssKb() / 1024,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / MIB);
        } catch (Exception | Error failed) {
            failed.printStackTrace();
            System.exit(1); // DynamoDB Local's threads would keep a failed run alive
        }
        System.exit(0);
    }

    /** Every client sends {@code perClient} rounds of every kind; the latencies per kind, in microseconds. */
    private static Map<Kind, long[]> run(ApiClient api, List<Kind> kinds, int perClient) throws Exception {
        List<Future<Map<Kind, long[]>>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            for (int client = 0; client < CLIENTS; client++) {
                clients.add(pool.submit(() -> {
                    Map<Kind, long[]> mine = new LinkedHashMap<>();
                    kinds.forEach(kind -> mine.put(kind, new long[perClient]));
                    for (int round = 0; round < perClient; round++) {
                        for (Kind kind : kinds) {
                            long sent = System.nanoTime();
                            ApiClient.Reply reply = kind.authorization() == null ? api.get(kind.path())
                                    : api.get(kind.path(), "Authorization", kind.authorization());
                            mine.get(kind)[round] = (System.nanoTime() - sent) / 1_000;
                            if (reply.status() != kind.status()) {
                                throw new IllegalStateException(kind.name() + " answered " + reply.status());
                            }
                        }
                    }
                    return mine;
                }));
            }
        }
        Map<Kind, long[]> all = new LinkedHashMap<>();
        for (Kind kind : kinds) {
            all.put(kind, new long[0]);
        }
        for (Future<Map<Kind, long[]>> client : clients) {
            for (Map.Entry<Kind, long[]> entry : client.get().entrySet()) {
                long[] before = all.get(entry.getKey());
                long[] joined = Arrays.copyOf(before, before.length + entry.getValue().length);
                System.arraycopy(entry.getValue(), 0, joined, before.length, entry.getValue().length);
                all.put(entry.getKey(), joined);
            }
        }
        return all;
    }
}
