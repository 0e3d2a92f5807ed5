package dev.skyport.e2e;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What the end-to-end tier is told: {@code -Dskyport.e2e.NAME=...} on the Maven command line (failsafe hands user
 * properties to the tests), else the environment variable {@code SKYPORT_E2E_NAME}. Only tests read it.
 *
 * @param properties the test JVM's system properties
 * @param environment its environment
 */
record E2eSettings(Map<String, String> properties, Map<String, String> environment) {

    static final String PROPERTY_PREFIX = "skyport.e2e.";
    /** Which target the run walks: {@code local} (the default build) or {@code deployed} (the {@code e2e} profile). */
    static final String TARGET = "target";
    static final String LOCAL = "local";
    static final String DEPLOYED = "deployed";

    static E2eSettings ofThisJvm() {
        Properties system = System.getProperties();
        Map<String, String> properties = new java.util.HashMap<>();
        system.stringPropertyNames().forEach(name -> properties.put(name, system.getProperty(name)));
        return new E2eSettings(Map.copyOf(properties), Map.copyOf(System.getenv()));
    }

    /** {@code -Dskyport.e2e.<name>}, else {@code SKYPORT_E2E_<NAME>}; blank counts as not given. */
    Optional<String> get(String name) {
        return nonBlank(properties.get(PROPERTY_PREFIX + name))
                .or(() -> nonBlank(environment.get("SKYPORT_E2E_" + name.replace('-', '_').toUpperCase(Locale.ROOT))));
    }

    /** The target this run walks. */
    String target() {
        return get(TARGET).orElse(LOCAL);
    }

    /**
     * With {@code -Dskyport.e2e.required=true} a target that cannot be reached fails the run instead of skipping it:
     * for a pipeline that has just deployed a stack and must not pass without walking it.
     */
    boolean required() {
        return get("required").map(Boolean::parseBoolean).orElse(false);
    }

    /** LocalStack or another emulator: {@code AWS_ENDPOINT_URL}, as the AWS SDKs and CLI read it. */
    Optional<String> awsEndpoint() {
        return nonBlank(properties.get("aws.endpointUrl")).or(() -> nonBlank(environment.get("AWS_ENDPOINT_URL")));
    }

    /** The region to read the stacks in, when given ({@code AWS_REGION}); otherwise the SDK's own chain decides. */
    Optional<String> region() {
        return nonBlank(properties.get("aws.region"))
                .or(() -> nonBlank(environment.get("AWS_REGION")))
                .or(() -> nonBlank(environment.get("AWS_DEFAULT_REGION")));
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
