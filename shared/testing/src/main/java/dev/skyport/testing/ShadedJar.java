package dev.skyport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.skyport.platform.dynamodb.TableNames;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a shaded Lambda jar on its own (no test classpath to hide a missing dependency), configured only by
 * environment variables as in AWS, and sends it one request through {@link ShadedJarProbe}.
 */
public final class ShadedJar {

    private ShadedJar() {
    }

    /** A function's deployable jar in {@code folder}, as its package phase names it. */
    public static Path lambdaJar(Path folder, String function) {
        return folder.resolve("skyport-" + function + "-lambda.jar");
    }

    /** A function's deployable jar as its package phase leaves it, seen from a sibling module. */
    public static Path lambdaJar(String function) {
        return lambdaJar(Path.of("..", function, "target"), function);
    }

    /** The environment a function gets from CDK, pointing at endpoints that are not there. */
    public static Map<String, String> lambdaLikeEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "smoke");
        env.put("AWS_SECRET_ACCESS_KEY", "smoke");
        env.put("SKYPORT_TABLES_USERS", "skyport-users");
        // Public keys only, as every function gets them; the token-issuing ones add withSigningKeys.
        env.put("SKYPORT_SECURITY_VERIFICATION_KEYS", SkyportTestProperties.VERIFICATION_KEYS);
        env.put("MICRONAUT_SERVER_PORT", "-1");
        // A SnapStart init, as in AWS: every singleton built, and priming run against an endpoint that refuses (the
        // function must start anyway).
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        env.put("SKYPORT_PRIME_CLIENTS", "true");
        env.put("SKYPORT_AWS_ENDPOINTS_DYNAMODB", "http://127.0.0.1:9");
        return env;
    }

    /** The table names a function gets from CDK, for these tables. */
    public static Map<String, String> tableEnvironment(TableNames tables) {
        return Map.of("SKYPORT_TABLES_USERS", tables.users(),
                "SKYPORT_TABLES_CLOUD_ACCOUNTS", tables.cloudAccounts(),
                "SKYPORT_TABLES_CLUSTERS", tables.clusters(),
                "SKYPORT_TABLES_NOTIFICATIONS", tables.notifications(),
                "SKYPORT_TABLES_CONNECTIONS", tables.connections());
    }

    /** Micronaut properties as the environment variables a function in AWS gets them from. */
    public static Map<String, String> asEnvironment(Map<String, String> properties) {
        Map<String, String> env = new HashMap<>();
        properties.forEach((key, value) -> env.put(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'),
                value));
        return env;
    }

    /**
     * Adds the private key set that only the token-issuing functions (auth, accounts) get, and the second-factor key
     * material (auth's; harmless to accounts, which has no use for it).
     */
    public static Map<String, String> withSigningKeys(Map<String, String> environment) {
        environment.put("SKYPORT_SECURITY_SIGNING_KEYS", SkyportTestProperties.SIGNING_KEYS);
        environment.put("SKYPORT_MFA_KEY", SkyportTestProperties.MFA_KEY);
        return environment;
    }

    /**
     * Runs {@code GET path} (a POST when the environment holds {@code SKYPORT_PROBE_BODY}) twice against the handler
     * in the jar and returns what the probe and the jar printed.
     */
    public static String get(Path jar, String handlerClass, String path, Map<String, String> environment)
            throws Exception {
        assertThat(jar).as("the shaded jar is missing: run the package phase").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp",
                probeClasspath(jar) + File.pathSeparator + locationOf(LambdaEventSerializers.class),
                ShadedJarProbe.class.getName(), handlerClass, path)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /**
     * Sends the handler in the jar one event: the {@code events/} sample with its placeholders replaced, read by the
     * Lambda runtime's deserializer. Returns what the probe and the jar printed, the answer as
     * {@code response=<json>}.
     */
    public static String event(Path jar, String handlerClass, String sample, Map<String, String> replacements,
                               Map<String, String> environment) throws Exception {
        Path file = Files.createTempFile("skyport-event-", ".json");
        try {
            Files.writeString(file, LambdaEvents.text(sample, replacements));
            return get(jar, handlerClass, ShadedJarProbe.SAMPLE + file, environment);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The jar and {@link ShadedJarProbe}, which runs the jar's handler: the classpath of a probe's JVM, as the Lambda
     * runtime's is the function's package and the runtime.
     */
    public static String probeClasspath(Path jar) throws URISyntaxException {
        return jar.toAbsolutePath() + File.pathSeparator + locationOf(ShadedJarProbe.class);
    }

    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

}
