package dev.skyport.local;

import dev.skyport.identity.adapter.dynamodb.StoredUsers;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.BareGetItemProbe;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.ShadedJar;
import dev.skyport.testing.ShadedJarProbe;
import dev.skyport.testing.SkyportTestProperties;
import dev.skyport.testing.TestAccessTokens;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cold start of every function's Lambda jar against a bare handler (run with {@code -Pbench}; figures printed,
 * never asserted). Each round starts every jar in a fresh JVM (built with its no-argument constructor, as the Lambda
 * runtime does) and sends its first request, alternating with the bare handler (aws-lambda-java-core and the SDK's
 * DynamoDB client only, one GetItem of a stored user), all against one DynamoDB Local; a probe whose first answer is
 * not the one its row expects stops the run, so a failed request is never timed. Prints init, first invoke, their
 * sum, classes loaded, peak RSS, how long the CPU model throttled the probe and what the start is billed (GB-ms of
 * init + first invoke), as the median and range over the rounds, and the ratio of the sums to the bare handler's of
 * the same round. A last row runs the bare handler with the AWS CRT HTTP client instead of the URL-connection one.
 * <p>
 * The passes ({@link Pass}): on demand as deployed without a CPU model (two free cores throughout), then under the
 * {@link LambdaCpuModel} (init unthrottled, the invoke at the memory's share of a vCPU) at 1,024, 1,769 and 2,048 MB,
 * each with singletons built on the first request (as deployed) and built and primed in init (not at 2,048 MB unless
 * named); then a SnapStart init (every singleton built before the snapshot) without priming, and with priming (the
 * clients, the HTTP path, a token check and the jar's class-priming list) with C1 only and with the default tiered JIT
 * (the java25 runtime's choice with SnapStart), where init is off the cold path and the first invoke is what a
 * restored function still pays besides the restore, which cannot be measured here. Run only when named:
 * {@code on-demand-default}, {@code lambda-2048-built-in-init} and {@code on-demand-aot-cache} (a JDK AOT cache per
 * probe, JDK 25 or later, trained by one uncounted run of the same classpath).
 * {@code SKYPORT_BENCH_FUNCTIONS} and {@code SKYPORT_BENCH_PASSES} (comma-separated function names, {@code crt} for
 * the CRT row, and pass ids) and {@code SKYPORT_BENCH_ROUNDS} narrow a run. {@code SKYPORT_BENCH_COMPARE_JARS}, a
 * folder holding other builds of the Lambda jars (a copy of an earlier {@code target/skyport-*-lambda.jar}), adds a
 * row per function for that build, run in the same rounds, so that a change is measured against what it replaces
 * side by side.
 */
public final class ColdStartBench {

    static final int ROUNDS = 5;
    private static final List<String> C1_ONLY = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    /**
     * JVM options and the initialisation the functions see; both probes of a round get the same options. When init
     * is off the request path (SnapStart) the ratio compares first invokes only; no snapshot is taken or restored
     * here, so the restore's own cost is not in the figures, and the connection priming opened is still open.
     * {@code memoryMb}, when above 0, runs the pass under the {@link LambdaCpuModel} for a function of that memory:
     * init unthrottled, the invoke at its share of a vCPU. {@code byDefault}: run when no pass is named.
     */
    private record Pass(String id, String name, List<String> jvmOptions, Map<String, String> environment,
                        boolean initOffRequestPath, boolean aotCache, int memoryMb, boolean byDefault) {
    }

    private static final Map<String, String> ON_DEMAND = Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    /**
     * Every singleton built and the clients and HTTP path primed in init (what SnapStart does before its snapshot),
     * here measured as an on-demand start: the work moved from the first invoke, which runs at the memory's CPU
     * share, into init, which runs with full CPU.
     */
    private static final Map<String, String> BUILT_IN_INIT = Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start",
            "SKYPORT_PRIME_CLIENTS", "true");
    private static final Map<String, String> SNAPSTART_UNPRIMED = Map.of("AWS_LAMBDA_INITIALIZATION_TYPE",
            "snap-start", "SKYPORT_PRIME_CLIENTS", "false");
    /** The memory the functions are deployed with (CDK's {@code SkyportFunction}). */
    static final int DEPLOYED_MB = 1024;

    private static final List<Pass> PASSES = List.of(
            new Pass("on-demand-default", "on demand, default JIT, no CPU model", List.of(), ON_DEMAND, false,
                    false, 0, false),
            new Pass("on-demand-c1", "on demand, C1 only, no CPU model (two free cores throughout)", C1_ONLY,
                    ON_DEMAND, false, false, 0, true),
            lambda(1024, false, true), lambda(1769, false, true), lambda(2048, false, true),
            lambda(1024, true, true), lambda(1769, true, true), lambda(2048, true, false),
            new Pass("snapstart", "SnapStart-style init without priming (no checkpoint or restore), C1 only, "
                    + DEPLOYED_MB + " MB CPU model", C1_ONLY, SNAPSTART_UNPRIMED, true, false, DEPLOYED_MB, true),
            new Pass("snapstart-primed", "SnapStart-style init with priming (no checkpoint or restore), C1 only, "
                    + DEPLOYED_MB + " MB CPU model", C1_ONLY, BUILT_IN_INIT, true, false, DEPLOYED_MB, true),
            // The java25 runtime leaves the JVM's default tiered compilation on with SnapStart (C2 work is then done
            // before the snapshot), where java21 stops at C1 unless JAVA_TOOL_OPTIONS says otherwise.
            new Pass("snapstart-primed-tiered", "SnapStart-style init with priming, default tiered JIT (what the"
                    + " java25 runtime applies with SnapStart), " + DEPLOYED_MB + " MB CPU model", List.of(),
                    BUILT_IN_INIT, true, false, DEPLOYED_MB, true),
            // Not how the functions are deployed: AWS advises against AOT caches in .zip or jar packages on a
            // managed runtime (an update of the runtime's JDK invalidates them). Measured to size what a container
            // image with a pinned JDK would give.
            new Pass("on-demand-aot-cache", "on demand, C1 only, each probe with a JDK AOT cache from one training"
                    + " run of its own classpath (JEP 483; not run by default)", C1_ONLY, ON_DEMAND, false, true, 0,
                    false));

    /**
     * An on-demand start of a function of {@code memoryMb} under the CPU model, C1 only as deployed; with
     * {@code builtInInit} every singleton is built and primed in init instead of on the first request.
     */
    private static Pass lambda(int memoryMb, boolean builtInInit, boolean byDefault) {
        return new Pass("lambda-" + memoryMb + (builtInInit ? "-built-in-init" : ""), "on demand, C1 only, "
                + memoryMb + " MB CPU model (init unthrottled, invoke at " + String.format("%.2f",
                (double) memoryMb / LambdaCpuModel.MB_PER_VCPU) + " vCPU), "
                + (builtInInit ? "singletons built and clients primed in init" : "singletons built on first request,"
                + " as deployed"), C1_ONLY, builtInInit ? BUILT_IN_INIT : ON_DEMAND, false, false, memoryMb,
                byDefault);
    }

    /** The bare probe's HTTP clients ({@link BareGetItemProbe}'s last argument). */
    private static final String URL_CONNECTION = "url-connection";
    private static final String CRT = "crt";
    private static final Pattern FIGURES = Pattern.compile(
            "probe init_ms=(\\d+) first_invoke_ms=(\\d+) classes_loaded=(\\d+) peak_rss_kb=(-?\\d+)");
    /** The probe's first answer: a request that failed would be timed as if it had been served. */
    private static final Pattern FIRST_ANSWER = Pattern.compile("^(status=\\d+|batch_item_failures=\\d+)$",
            Pattern.MULTILINE);
    private static final Pattern SERVED = Pattern.compile("status=2\\d\\d|batch_item_failures=0");

    /**
     * A row of the table: a function's jar, its handler, the first request it is given (what it reads is said
     * beside it) and the first answer that request must get, as the probe prints it.
     */
    private record Target(String row, String function, String handler, String request,
                          Map<String, String> environment, Pattern answer) {
        Target(String function, String handler, String request, Map<String, String> environment) {
            this(function, function, handler, request, environment, SERVED);
        }
    }

    /** {@code throttledMs}: how long the CPU model held the probe back (0 without a model). */
    private record Run(long initMs, long firstInvokeMs, long classes, long peakRssKb, long throttledMs) {
        long totalMs() {
            return initMs + firstInvokeMs;
        }
    }

    public static void main(String[] args) throws Exception {
        TableNames tables = DynamoDbLocalFixture.freshTables();
        String user = UUID.randomUUID().toString();
        // A verified person, so that GET /me and the bare GetItem both find the profile and answer 200.
        StoredUsers.verified(DynamoDbLocalFixture.client(), tables, new UserId(user), "bench");
        String token = TestAccessTokens.sessionless(user, "bench", Instant.now(), Duration.ofMinutes(30));
        Map<String, String> base = ShadedJar.lambdaLikeEnvironment();
        base.put("SKYPORT_AWS_ENDPOINTS_DYNAMODB", DynamoDbLocalFixture.endpoint().toString());
        base.putAll(ShadedJar.tableEnvironment(tables));
        base.put("SKYPORT_PROBE_AUTHORIZATION", "Bearer " + token);

        Target accounts = new Target("accounts", "dev.skyport.accounts.AccountsHandler", "/me", Map.of(
                "SKYPORT_SECURITY_SIGNING_KEYS", SkyportTestProperties.SIGNING_KEYS,
                "SKYPORT_EVENTS_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:platform-events"));
        Map<String, String> withoutToken = new LinkedHashMap<>(accounts.environment());
        withoutToken.put("SKYPORT_PROBE_AUTHORIZATION", ""); // the probe then sends no Authorization header
        List<Target> targets = List.of(
                // GET /auth/session: the token only
                new Target("auth", "dev.skyport.auth.AuthHandler", "/auth/session", Map.of(
                        "SKYPORT_SECURITY_SIGNING_KEYS", SkyportTestProperties.SIGNING_KEYS,
                        "SKYPORT_MFA_KEY", SkyportTestProperties.MFA_KEY,
                        "SKYPORT_MAIL_SENDER", "noreply@skyport.test",
                        "SKYPORT_MAIL_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/skyport-mail")),
                // GET /me: one GetItem of the user, as the bare handler does
                accounts,
                // The same jar and route without a token: refused by the security filter before any token check or
                // DynamoDB call (the filter chain still builds the DynamoDB client, as the bare handler does), so this
                // row is what Micronaut's HTTP, routing, security and serde stack costs alone.
                new Target("accounts, no token", accounts.function(), accounts.handler(), accounts.request(),
                        withoutToken, Pattern.compile("status=401")),
                // GET /cloud-accounts: one Query
                new Target("cloud-accounts", "dev.skyport.cloudaccounts.CloudAccountsHandler", "/cloud-accounts",
                        Map.of()),
                // GET /clusters: one Query of the byOwner index
                new Target("clusters", "dev.skyport.clusters.ClustersHandler", "/clusters", Map.of(
                        "SKYPORT_CLUSTERS_WORKFLOW_STATE_MACHINE_ARN",
                        "arn:aws:states:eu-west-1:123456789012:stateMachine:skyport-provisioning",
                        "SKYPORT_CLUSTERS_WORKFLOW_LOG_GROUP", "/skyport/terraform")),
                // GET /notifications: one Query
                new Target("notifications", "dev.skyport.notifications.NotificationsHandler", "/notifications",
                        Map.of()),
                // $default ping: no read
                new Target("realtime", "dev.skyport.realtime.WebSocketHandler", "websocket:$default", Map.of(
                        "SKYPORT_REALTIME_CALLBACK_URL", "https://abc123def4.execute-api.eu-west-1.amazonaws.com/live")),
                // an empty stream batch: no read, no publish
                new Target("stream-publisher", "dev.skyport.clusters.StreamPublisherHandler",
                        "dynamodb-stream:empty", Map.of(
                        "SKYPORT_EVENTS_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:platform-events")),
                // the bare handler itself with the AWS CRT HTTP client in place of the URL-connection one
                new Target("bare, CRT HTTP client", CRT, "", "", Map.of(), SERVED));

        String only = System.getenv("SKYPORT_BENCH_FUNCTIONS");
        if (only != null && !only.isBlank()) {
            List<String> wanted = List.of(only.split(","));
            targets = targets.stream().filter(target -> wanted.contains(target.function())).toList();
        }
        String compareJars = System.getenv("SKYPORT_BENCH_COMPARE_JARS");
        Path compare = compareJars == null || compareJars.isBlank() ? null : Path.of(compareJars);
        String rounds = System.getenv("SKYPORT_BENCH_ROUNDS");
        String passes = System.getenv("SKYPORT_BENCH_PASSES");
        LambdaCpuModel.Result cpu = LambdaCpuModel.open();
        System.out.println(cpu.present().isPresent() ? "Lambda CPU model: cgroup v1 cpu controller (init unthrottled,"
                + " invoke at period x MB / " + LambdaCpuModel.MB_PER_VCPU + ")"
                : "Lambda CPU model: none, " + cpu.whyNone() + "; the passes that need it are skipped");
        try (LambdaCpuModel model = cpu.model()) {
            for (Pass pass : PASSES) {
                boolean chosen = passes != null && !passes.isBlank();
                if (chosen ? !List.of(passes.split(",")).contains(pass.id()) : !pass.byDefault()) {
                    continue;
                }
                if (pass.aotCache() && Runtime.version().feature() < 25) {
                    System.out.println(pass.name() + ": skipped, -XX:AOTCacheOutput needs JDK 25 or later");
                    continue;
                }
                if (pass.memoryMb() > 0 && model == null) {
                    System.out.println(pass.name() + ": skipped, " + cpu.whyNone());
                    continue;
                }
                measure(targets, base, tables, user, pass, rounds == null ? ROUNDS : Integer.parseInt(rounds), compare,
                        pass.memoryMb() > 0 ? model : null);
            }
        } catch (Exception | Error failed) {
            failed.printStackTrace();
            System.exit(1); // DynamoDB Local's threads would keep a failed run alive
        }
        System.exit(0);
    }

    private static void measure(List<Target> targets, Map<String, String> base, TableNames tables, String user,
                                Pass pass, int rounds, Path compare, LambdaCpuModel model) throws Exception {
        List<String> options = pass.jvmOptions();
        Path caches = pass.aotCache() ? Files.createTempDirectory("skyport-aot-caches") : null;
        Map<String, List<Run>> real = new LinkedHashMap<>();
        Map<String, List<Run>> earlier = new LinkedHashMap<>();
        Map<String, List<Run>> bare = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
            // Round 0 is the training run of each probe when the pass uses AOT caches, and is not counted.
            if (round == 0 && caches == null) {
                continue;
            }
            for (Target target : targets) {
                Map<String, String> environment = new LinkedHashMap<>(base);
                environment.putAll(target.environment());
                environment.putAll(pass.environment());
                CpuLimit cpu = model == null ? null : new CpuLimit(model, pass.memoryMb());
                Run bareRun = bare(tables, user, cached(options, caches, "bare", round), cpu, pass.environment(),
                        URL_CONNECTION);
                // An AOT cache per row, trained on that row's own request.
                String cache = target.row().replaceAll("[^A-Za-z0-9-]+", "-");
                Run realRun = target.function().equals(CRT)
                        ? bare(tables, user, cached(options, caches, cache, round), cpu, pass.environment(), CRT)
                        : function(target, ShadedJar.lambdaJar(target.function()), environment,
                                cached(options, caches, cache, round), cpu);
                Run earlierRun = compare == null || target.function().equals(CRT) ? null
                        : function(target, ShadedJar.lambdaJar(compare, target.function()), environment,
                                cached(options, caches, cache + "-compared", round), cpu);
                if (round == 0) {
                    continue;
                }
                bare.computeIfAbsent(target.row(), f -> new ArrayList<>()).add(bareRun);
                real.computeIfAbsent(target.row(), f -> new ArrayList<>()).add(realRun);
                if (earlierRun != null) {
                    earlier.computeIfAbsent(target.row(), f -> new ArrayList<>()).add(earlierRun);
                }
            }
            if (round == 0) {
                System.out.println(pass.name() + ": AOT caches trained in " + caches);
                continue;
            }
            System.out.println(pass.name() + ": round " + round + " of " + rounds + " done");
        }

        System.out.printf("%n%s: init + first invoke, median [min-max] over %d rounds; JDK %s, %d cores;"
                        + " JVM options: %s%n", pass.name(), rounds, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), options.isEmpty() ? "none" : String.join(" ", options));
        System.out.printf("%-26s %-20s %-20s %-22s %-22s %-22s %-17s %-14s %-14s %-15s %-19s %s%n", "function",
                "init ms", "first invoke ms", "real ms", "bare ms", "bare first invoke ms",
                pass.initOffRequestPath() ? "first-invoke ratio" : "ratio", "classes", "peak RSS MB",
                "throttled ms", "GB-ms real / bare", "jar MB (zipped)");
        for (Target target : targets) {
            row(target.row(), target.function().equals(CRT) ? null : ShadedJar.lambdaJar(target.function()),
                    real.get(target.row()), bare.get(target.row()), pass);
            if (compare != null && !target.function().equals(CRT)) {
                row(target.row() + " (" + compare.getFileName() + ")",
                        ShadedJar.lambdaJar(compare, target.function()), earlier.get(target.row()),
                        bare.get(target.row()), pass);
            }
        }
        if (caches != null) {
            try (var files = Files.list(caches)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(caches);
        }
    }

    /** A probe's CPU under the model: a function of {@code memoryMb}. */
    private record CpuLimit(LambdaCpuModel model, int memoryMb) {
    }

    /**
     * The pass's JVM options, plus, when it uses AOT caches ({@code caches} set), the option that writes the probe's
     * cache in the training round (0) or reads it in the measured rounds, where a cache the JVM cannot use stops the
     * probe ({@code AOTMode=on}) instead of being skipped silently.
     */
    private static List<String> cached(List<String> options, Path caches, String probe, int round) {
        if (caches == null) {
            return options;
        }
        List<String> withCache = new ArrayList<>(options);
        Path cache = caches.resolve(probe + ".aot");
        withCache.addAll(round == 0 ? List.of("-XX:AOTCacheOutput=" + cache)
                : List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache));
        return withCache;
    }

    private static void row(String label, Path jar, List<Run> runs, List<Run> bases, Pass pass) {
        double[] ratios = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            ratios[i] = pass.initOffRequestPath()
                    ? (double) runs.get(i).firstInvokeMs() / Math.max(1, bases.get(i).firstInvokeMs())
                    : (double) runs.get(i).totalMs() / bases.get(i).totalMs();
        }
        Arrays.sort(ratios);
        // What the cold start is billed (init and invoke, at the pass's memory; 1024 MB without a model).
        double gigabytes = (pass.memoryMb() > 0 ? pass.memoryMb() : DEPLOYED_MB) / 1024.0;
        System.out.printf("%-26s %-20s %-20s %-22s %-22s %-22s %-17s %-14s %-14s %-15s %-19s %.0f%n", label,
                spread(runs, Run::initMs), spread(runs, Run::firstInvokeMs),
                spread(runs, Run::totalMs), spread(bases, Run::totalMs), spread(bases, Run::firstInvokeMs),
                String.format("%.1fx [%.1f-%.1f]", ratios[ratios.length / 2], ratios[0],
                        ratios[ratios.length - 1]),
                median(runs, Run::classes) + " / " + median(bases, Run::classes),
                median(runs, Run::peakRssKb) / 1024 + " / " + median(bases, Run::peakRssKb) / 1024,
                median(runs, Run::throttledMs) + " / " + median(bases, Run::throttledMs),
                Math.round(median(runs, Run::totalMs) * gigabytes) + " / "
                        + Math.round(median(bases, Run::totalMs) * gigabytes),
                jar == null ? 0 : jar.toFile().length() / 1e6);
    }

    private static String spread(List<Run> runs, java.util.function.ToLongFunction<Run> figure) {
        long[] values = runs.stream().mapToLong(figure).sorted().toArray();
        return values[values.length / 2] + " [" + values[0] + "-" + values[values.length - 1] + "]";
    }

    private static long median(List<Run> runs, java.util.function.ToLongFunction<Run> figure) {
        long[] values = runs.stream().mapToLong(figure).sorted().toArray();
        return values[values.length / 2];
    }

    private static Run function(Target target, Path jar, Map<String, String> environment, List<String> options,
                                CpuLimit cpu) throws Exception {
        return run(options, List.of("-cp", ShadedJar.probeClasspath(jar), ShadedJarProbe.class.getName(),
                target.handler(), target.request()), environment, target.answer(), cpu);
    }

    /** The bare handler, on a classpath of the AWS SDK, aws-lambda-java-core and their few dependencies only. */
    private static Run bare(TableNames tables, String user, List<String> options, CpuLimit cpu,
                            Map<String, String> environment, String httpClient) throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("/software/amazon/awssdk/") || entry.contains("aws-lambda-java-core")
                        || entry.contains("reactive-streams") || entry.contains("slf4j-api")
                        || entry.contains("skyport-testing") || entry.contains("shared/testing"))
                .collect(Collectors.joining(File.pathSeparator));
        return run(options, List.of("-cp", classpath, BareGetItemProbe.class.getName(),
                DynamoDbLocalFixture.endpoint().toString(), tables.users(), user, httpClient), environment, SERVED,
                cpu);
    }

    private static Run run(List<String> options, List<String> arguments, Map<String, String> environment,
                           Pattern expected, CpuLimit cpu) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(arguments);
        LambdaCpuModel.Probe probe = cpu == null ? null : cpu.model().probe(cpu.memoryMb());
        Path log = Files.createTempFile("skyport-probe-", ".log");
        String output;
        long throttledMs;
        try {
            ProcessBuilder builder = new ProcessBuilder(probe == null ? command : probe.wrap(command))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            if (probe != null) {
                builder.environment().put("SKYPORT_PROBE_INVOKE_CPU_QUOTA", probe.invokeSetting());
            }
            Process process = builder.start();
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            output = Files.readString(log, StandardCharsets.UTF_8);
            throttledMs = probe == null ? 0 : probe.throttledMs();
            if (!exited || process.exitValue() != 0) {
                throw new IllegalStateException("a probe " + (exited ? "failed" : "took over two minutes") + ": "
                        + output);
            }
        } finally {
            Files.deleteIfExists(log);
            if (probe != null) {
                probe.remove();
            }
        }
        Matcher answer = FIRST_ANSWER.matcher(output);
        if (!answer.find() || !expected.matcher(answer.group(1)).matches()) {
            throw new IllegalStateException("a probe's first answer was not " + expected + ": " + output);
        }
        Matcher figures = FIGURES.matcher(output);
        if (!figures.find()) {
            throw new IllegalStateException("a probe printed no figures: " + output);
        }
        return new Run(Long.parseLong(figures.group(1)), Long.parseLong(figures.group(2)),
                Long.parseLong(figures.group(3)), Long.parseLong(figures.group(4)), throttledMs);
    }
}
