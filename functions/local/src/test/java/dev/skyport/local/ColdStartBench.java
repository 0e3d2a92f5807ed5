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
 * sum, classes loaded and peak RSS, as the median and range over the rounds, and the ratio of the sums to the bare
 * handler's of the same round. Four passes ({@link Pass}): on demand with the JVM's default tiered compilation and
 * stopped at level 1 (C1 only, as the functions run in AWS: {@code JAVA_TOOL_OPTIONS} in CDK), then a SnapStart init
 * (every singleton built before the snapshot) without and with priming, where init is off the cold path and the
 * first invoke is what a restored function still pays besides the restore, which cannot be measured here. A fifth,
 * {@code on-demand-aot-cache}, runs only when named: on demand with a JDK AOT cache per probe (JDK 25 or later),
 * trained by one uncounted run of the same classpath.
 * {@code SKYPORT_BENCH_FUNCTIONS} and {@code SKYPORT_BENCH_PASSES} (comma-separated function names and pass ids)
 * and {@code SKYPORT_BENCH_ROUNDS} narrow a run. {@code SKYPORT_BENCH_COMPARE_JARS}, a folder holding other builds of
 * the Lambda jars (a copy of an earlier {@code target/skyport-*-lambda.jar}), adds a row per function for that build,
 * run in the same rounds, so that a change is measured against what it replaces side by side.
 */
public final class ColdStartBench {

    static final int ROUNDS = 5;
    private static final List<String> C1_ONLY = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    /**
     * JVM options and the initialisation the functions see; both probes of a round get the same options. When init
     * is off the request path (SnapStart) the ratio compares first invokes only; no snapshot is taken or restored
     * here, so the restore's own cost is not in the figures, and the connection priming opened is still open.
     */
    private record Pass(String id, String name, List<String> jvmOptions, Map<String, String> environment,
                        boolean initOffRequestPath, boolean aotCache) {
    }

    private static final List<Pass> PASSES = List.of(
            new Pass("on-demand-default", "on demand, default JIT", List.of(),
                    Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"), false, false),
            new Pass("on-demand-c1", "on demand, C1 only", C1_ONLY,
                    Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"), false, false),
            new Pass("snapstart", "SnapStart-style init without priming (no checkpoint or restore), C1 only", C1_ONLY,
                    Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start", "SKYPORT_PRIME_CLIENTS", "false"), true,
                    false),
            new Pass("snapstart-primed", "SnapStart-style init with priming (no checkpoint or restore), C1 only",
                    C1_ONLY, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start", "SKYPORT_PRIME_CLIENTS", "true"),
                    true, false),
            // Not how the functions are deployed: AWS advises against AOT caches in .zip or jar packages on a
            // managed runtime (an update of the runtime's JDK invalidates them). Measured to size what a container
            // image with a pinned JDK would give.
            new Pass("on-demand-aot-cache", "on demand, C1 only, each probe with a JDK AOT cache from one training"
                    + " run of its own classpath (JEP 483; not run by default)", C1_ONLY,
                    Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"), false, true));
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

    private record Run(long initMs, long firstInvokeMs, long classes, long peakRssKb) {
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
        base.put("SKYPORT_TABLES_USERS", tables.users());
        base.put("SKYPORT_TABLES_CLOUD_ACCOUNTS", tables.cloudAccounts());
        base.put("SKYPORT_TABLES_CLUSTERS", tables.clusters());
        base.put("SKYPORT_TABLES_NOTIFICATIONS", tables.notifications());
        base.put("SKYPORT_TABLES_CONNECTIONS", tables.connections());
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
                        "SKYPORT_EVENTS_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:platform-events")));

        String only = System.getenv("SKYPORT_BENCH_FUNCTIONS");
        if (only != null && !only.isBlank()) {
            List<String> wanted = List.of(only.split(","));
            targets = targets.stream().filter(target -> wanted.contains(target.function())).toList();
        }
        String compareJars = System.getenv("SKYPORT_BENCH_COMPARE_JARS");
        Path compare = compareJars == null || compareJars.isBlank() ? null : Path.of(compareJars);
        String rounds = System.getenv("SKYPORT_BENCH_ROUNDS");
        String passes = System.getenv("SKYPORT_BENCH_PASSES");
        try {
            for (Pass pass : PASSES) {
                boolean chosen = passes != null && !passes.isBlank();
                if (chosen ? !List.of(passes.split(",")).contains(pass.id()) : pass.aotCache()) {
                    continue;
                }
                if (pass.aotCache() && Runtime.version().feature() < 25) {
                    System.out.println(pass.name() + ": skipped, -XX:AOTCacheOutput needs JDK 25 or later");
                    continue;
                }
                measure(targets, base, tables, user, pass, rounds == null ? ROUNDS : Integer.parseInt(rounds), compare);
            }
        } catch (Exception | Error failed) {
            failed.printStackTrace();
            System.exit(1); // DynamoDB Local's threads would keep a failed run alive
        }
        System.exit(0);
    }

    private static void measure(List<Target> targets, Map<String, String> base, TableNames tables, String user,
                                Pass pass, int rounds, Path compare) throws Exception {
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
                Run bareRun = bare(tables, user, cached(options, caches, "bare", round));
                // An AOT cache per row, trained on that row's own request.
                String cache = target.row().replaceAll("[^A-Za-z0-9-]+", "-");
                Run realRun = function(target, ShadedJar.lambdaJar(target.function()), environment,
                        cached(options, caches, cache, round));
                Run earlierRun = compare == null ? null
                        : function(target, ShadedJar.lambdaJar(compare, target.function()), environment,
                                cached(options, caches, cache + "-compared", round));
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
        System.out.printf("%-26s %-20s %-20s %-22s %-22s %-22s %-17s %-14s %-14s %s%n", "function", "init ms",
                "first invoke ms", "real ms", "bare ms", "bare first invoke ms",
                pass.initOffRequestPath() ? "first-invoke ratio" : "ratio", "classes", "peak RSS MB",
                "jar MB (zipped)");
        for (Target target : targets) {
            row(target.row(), ShadedJar.lambdaJar(target.function()), real.get(target.row()),
                    bare.get(target.row()), pass);
            if (compare != null) {
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
        System.out.printf("%-26s %-20s %-20s %-22s %-22s %-22s %-17s %-14s %-14s %.0f%n", label,
                spread(runs, Run::initMs), spread(runs, Run::firstInvokeMs),
                spread(runs, Run::totalMs), spread(bases, Run::totalMs), spread(bases, Run::firstInvokeMs),
                String.format("%.1fx [%.1f-%.1f]", ratios[ratios.length / 2], ratios[0],
                        ratios[ratios.length - 1]),
                median(runs, Run::classes) + " / " + median(bases, Run::classes),
                median(runs, Run::peakRssKb) / 1024 + " / " + median(bases, Run::peakRssKb) / 1024,
                jar.toFile().length() / 1e6);
    }

    private static String spread(List<Run> runs, java.util.function.ToLongFunction<Run> figure) {
        long[] values = runs.stream().mapToLong(figure).sorted().toArray();
        return values[values.length / 2] + " [" + values[0] + "-" + values[values.length - 1] + "]";
    }

    private static long median(List<Run> runs, java.util.function.ToLongFunction<Run> figure) {
        long[] values = runs.stream().mapToLong(figure).sorted().toArray();
        return values[values.length / 2];
    }

    private static Run function(Target target, Path jar, Map<String, String> environment, List<String> options)
            throws Exception {
        return run(options, List.of("-cp", ShadedJar.probeClasspath(jar), ShadedJarProbe.class.getName(),
                target.handler(), target.request()), environment, target.answer());
    }

    /** The bare handler, on a classpath of the AWS SDK, aws-lambda-java-core and their few dependencies only. */
    private static Run bare(TableNames tables, String user, List<String> options) throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("/software/amazon/awssdk/") || entry.contains("aws-lambda-java-core")
                        || entry.contains("reactive-streams") || entry.contains("slf4j-api")
                        || entry.contains("skyport-testing") || entry.contains("shared/testing"))
                .collect(Collectors.joining(File.pathSeparator));
        return run(options, List.of("-cp", classpath, BareGetItemProbe.class.getName(),
                DynamoDbLocalFixture.endpoint().toString(), tables.users(), user), Map.of(), SERVED);
    }

    private static Run run(List<String> options, List<String> arguments, Map<String, String> environment,
                           Pattern expected) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("a probe failed: " + output);
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
                Long.parseLong(figures.group(3)), Long.parseLong(figures.group(4)));
    }
}
