package dev.skyport.testing;

import dev.skyport.platform.dynamodb.TableNames;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build step that records a Lambda jar's class-priming list (run by each function module's {@code package}
 * phase, after the jar is shaded): starts the jar's handler in a fresh JVM the way a SnapStart init does (every
 * singleton built, clients primed), sends it its first request against a DynamoDB Local with empty tables, and writes
 * the names of the classes the request loaded into the jar as {@code ClassPriming}'s list, in the order they were
 * loaded ({@link #primable} says which). The person the request is
 * made for is stored by the {@link FirstRequestData} on the classpath. A first answer that is not a success stops
 * the build: a list recorded from a refused or failing path would prime the wrong classes.
 * <p>
 * Arguments: the jar, the handler class, the request ({@link ShadedJarProbe}'s), then any {@code NAME=VALUE}
 * environment variables the function needs besides those {@link ShadedJar#lambdaLikeEnvironment()} gives.
 */
public final class FirstRequestClasses {

    /** Where {@code dev.skyport.platform.lambda.ClassPriming} reads the list. */
    static final String LIST = "META-INF/skyport/first-request-classes.txt";
    private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*\\] (\\S+) source: (.+)$");
    /** ClassPriming's log line when every listed class loaded and initialised. */
    private static final Pattern PRIMED_CLEANLY = Pattern.compile("primed [1-9][0-9]* classes before the snapshot"
            + " \\(0 skipped\\)");
    private static final Pattern FIRST_ANSWER = Pattern.compile("^(status=(\\d+)|batch_item_failures=\\d+)$");

    private FirstRequestClasses() {
    }

    public static void main(String[] args) throws Exception {
        try {
            record(Path.of(args[0]), args[1], args[2], List.of(args).subList(3, args.length));
        } catch (Exception | Error failed) {
            failed.printStackTrace();
            System.exit(1); // DynamoDB Local's threads would keep a failed run alive
        }
        System.exit(0);
    }

    private static void record(Path jar, String handler, String request, List<String> settings) throws Exception {
        // A list left from an earlier run would be primed before the request and hide its classes.
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            Files.deleteIfExists(zip.getPath(LIST));
        }
        TableNames tables = DynamoDbLocalFixture.freshTables();
        Map<String, String> environment = ShadedJar.withSigningKeys(ShadedJar.lambdaLikeEnvironment());
        environment.put("SKYPORT_AWS_ENDPOINTS_DYNAMODB", DynamoDbLocalFixture.endpoint().toString());
        environment.putAll(ShadedJar.tableEnvironment(tables));
        String person = UUID.randomUUID().toString();
        for (FirstRequestData data : ServiceLoader.load(FirstRequestData.class)) {
            data.store(DynamoDbLocalFixture.client(), tables, person);
        }
        environment.put("SKYPORT_PROBE_AUTHORIZATION", "Bearer " + TestAccessTokens.sessionless(
                person, "priming", Instant.now(), Duration.ofMinutes(30)));
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            environment.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        List<String> output = probe(jar, handler, request, environment);
        String jarName = jar.getFileName().toString();
        Set<String> classes = new LinkedHashSet<>();
        List<String> left = new ArrayList<>();
        boolean invoking = false;
        String answer = null;
        for (String line : output) {
            if (line.equals(ShadedJarProbe.FIRST_INVOKE)) {
                invoking = true;
                continue;
            }
            Matcher first = FIRST_ANSWER.matcher(line);
            if (invoking && first.matches()) {
                answer = line;
                break;
            }
            Matcher loaded = LOADED.matcher(line);
            if (invoking && loaded.find()) {
                (primable(loaded.group(1), loaded.group(2), jarName) ? classes : left).add(loaded.group(1));
            }
        }
        if (answer == null || !answer.matches("status=2\\d\\d|batch_item_failures=0")) {
            throw new IllegalStateException("the first request was not answered as it is in use (" + answer
                    + "): " + tail(output));
        }
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toAbsolutePath().toUri()),
                Map.of())) {
            Path list = zip.getPath(LIST);
            Files.createDirectories(list.getParent());
            List<String> lines = new ArrayList<>();
            lines.add("# " + handler); // ClassPriming primes only in this handler's function
            lines.addAll(classes);
            Files.write(list, lines);
        }
        // The list in place, as a restored function runs: every class primes, and the request still succeeds. A class
        // whose initialisation failed before the snapshot would stay failed in every restored copy.
        List<String> primed = probe(jar, handler, request, environment);
        String primedLog = String.join("\n", primed);
        String primedAnswer = primed.stream().filter(line -> FIRST_ANSWER.matcher(line).matches()).findFirst()
                .orElse("none");
        if (!PRIMED_CLEANLY.matcher(primedLog).find()
                || !primedAnswer.matches("status=2\\d\\d|batch_item_failures=0")) {
            throw new IllegalStateException("with its class-priming list the function did not prime every class"
                    + " and answer its first request: " + tail(primed));
        }
        System.out.printf("%s: the first request (%s, answered %s) loaded %d classes listed for priming in"
                + " %s, and %d left out; primed, it answers as before%n", jarName, request, answer, classes.size(),
                LIST, left.size());
        if (System.getenv("SKYPORT_PRIMING_VERBOSE") != null) {
            classes.forEach(name -> System.out.println("  listed " + name));
            left.forEach(name -> System.out.println("  left out " + name));
        }
    }

    /**
     * Runs the probe in a fresh JVM with only the given environment (none of the build's own, so a developer's
     * {@code SKYPORT_*} or {@code AWS_*} variables cannot change what is recorded), its class loading logged, and
     * returns its output; a probe that fails or takes more than two minutes stops the build.
     */
    private static List<String> probe(Path jar, String handler, String request, Map<String, String> environment)
            throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:stdout",
                "-cp", ShadedJar.probeClasspath(jar), ShadedJarProbe.class.getName(), handler, request);
        Path log = Files.createTempFile("skyport-first-request-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (!exited || process.exitValue() != 0) {
                throw new IllegalStateException("the probe " + (exited ? "failed" : "took over two minutes") + ": "
                        + tail(output));
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Whether a class the first request loaded goes on the list: from the function's jar or the JDK, by a name that
     * can be loaded again (not a hidden class: lambdas, method-handle forms), and not a random number generator,
     * whose state would then be in the snapshot and shared by every restored copy.
     */
    static boolean primable(String name, String source, String jarName) {
        boolean ours = source.contains(jarName) || source.startsWith("jrt:/")
                || source.startsWith("shared objects file");
        return ours && !name.contains("/") && !name.contains("Random");
    }

    private static String tail(List<String> output) {
        List<String> last = new ArrayList<>(output.subList(Math.max(0, output.size() - 40), output.size()));
        last.removeIf(line -> line.contains("[class,load"));
        return String.join("\n", last);
    }
}
