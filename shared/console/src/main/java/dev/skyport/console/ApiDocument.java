package dev.skyport.console;

import dev.skyport.platform.web.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The whole API as one OpenAPI document, merged at build time from the documents each function's build generates
 * from its controllers: the console's client is generated from it, the local platform serves it at
 * {@code /openapi.yml}, and the build's lint reads it. Two functions claiming the same route, or the same schema name
 * for different shapes, fail the build: the deployed API could not serve both either. What the generator leaves out
 * is stated here: an operation it gives no security requirement is one its controller opens to anyone
 * ({@code @Secured(IS_ANONYMOUS)}), so it says {@code security: []}; every operation may answer an RFC 9457 problem
 * ({@link Problem}, the body of every error; {@code 4XX} and {@code 5XX}); a nullable reference says it is an object;
 * and the {@code example: null} it writes when one route takes both JSON and a form is dropped.
 */
public final class ApiDocument {

    /** Where the document is on the classpath of whoever depends on this module. */
    public static final String RESOURCE = "META-INF/skyport/openapi.yml";
    public static final String MEDIA_TYPE = "application/yaml";
    public static final List<String> FUNCTIONS = List.of("auth", "accounts", "cloud-accounts", "clusters",
            "notifications");
    private static final List<String> OPERATIONS = List.of("get", "put", "post", "delete", "options", "head", "patch");

    /** {@link Problem} as a schema: what every 4xx and 5xx answer carries. */
    private static final Map<String, Object> PROBLEM_SCHEMA = Map.of(
            "type", "object",
            "description", "an RFC 9457 problem detail",
            "required", List.of("type", "title", "status"),
            "properties", Map.of(
                    "type", Map.of("type", "string", "format", "uri",
                            "description", "what went wrong, stable: " + Problem.TYPE_BASE + "<slug>"),
                    "title", Map.of("type", "string"),
                    "status", Map.of("type", "integer", "format", "int32"),
                    "detail", Map.of("type", "string", "description", "for a person: names the field at fault"),
                    "instance", Map.of("type", "string"),
                    "provider_code", Map.of("type", "string", "description", "a cloud provider's own error code")));
    private static final Map<String, Object> PROBLEM_CONTENT =
            Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"));
    private static final Map<String, Object> PROBLEM_RESPONSE = Map.of(
            "description", "a problem (RFC 9457)",
            "content", Map.of(Problem.MEDIA_TYPE, PROBLEM_CONTENT));

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Map<String, Object> PROBLEM_OR_PAGE = Map.of(
            "description", "a problem (RFC 9457) for JSON, an HTML page saying what went wrong for a form",
            "content", Map.of(Problem.MEDIA_TYPE, PROBLEM_CONTENT,
                    "text/html", Map.of("schema", Map.of("type", "string"))));

    private ApiDocument() {
    }

    /** Writes the merged document to the file {@code args[0]} names (the build's process-classes step). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ApiDocument <output file>");
        }
        Path output = Path.of(args[0]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, merge(FUNCTIONS));
    }

    static String merge(List<String> functions) {
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Map<String, Object>> components = new LinkedHashMap<>();
        for (String function : functions) {
            Map<String, Object> source = read(function);
            childMap(source, "paths").forEach((path, item) -> mergePath(paths, function, path, asMap(item)));
            childMap(source, "components").forEach((section, entries) -> asMap(entries).forEach((name, value) -> {
                Object earlier = components.computeIfAbsent(section, s -> new LinkedHashMap<>())
                        .putIfAbsent(name, value);
                if (earlier != null && !earlier.equals(value)) {
                    throw new IllegalStateException(function + " defines components." + section + "." + name
                            + " unlike an earlier function");
                }
            }));
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("openapi", "3.0.1");
        merged.put("info", Map.of("title", "Skyport API",
                "description", "Every function's routes: " + String.join(", ", functions), "version", "1"));
        merged.put("servers", List.of(Map.of("url", "/", "description", "this Skyport")));
        components.computeIfAbsent("schemas", s -> new LinkedHashMap<>()).put("Problem", PROBLEM_SCHEMA);
        merged.put("paths", paths);
        merged.put("components", components);
        normalize(merged, childMap(asMap(merged.get("components")), "schemas"));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setDereferenceAliases(true); // one problem response shared by every operation: written out each time
        return new Yaml(new Representer(options), options).dump(merged);
    }

    /** Walks the document: anonymous operations, nullable references and null examples, as the Javadoc says. */
    @SuppressWarnings("unchecked")
    private static void normalize(Object node, Map<String, Object> schemas) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> object = (Map<String, Object>) map;
            if (Boolean.TRUE.equals(object.get("nullable")) && !object.containsKey("type")
                    && object.get("allOf") instanceof List<?> parts && !parts.isEmpty()
                    && parts.stream().allMatch(part -> isObjectSchema(part, schemas))) {
                object.put("type", "object");
            }
            if (object.containsKey("example") && object.get("example") == null && object.containsKey("schema")) {
                object.remove("example");
            }
            object.values().forEach(child -> normalize(child, schemas));
        } else if (node instanceof List<?> list) {
            list.forEach(child -> normalize(child, schemas));
        }
    }

    /** A reference to an object schema of the document (not to an enum or a string). */
    private static boolean isObjectSchema(Object part, Map<String, Object> schemas) {
        if (!(part instanceof Map<?, ?> reference) || !(reference.get("$ref") instanceof String ref)
                || !ref.startsWith("#/components/schemas/")) {
            return false;
        }
        Object target = schemas.get(ref.substring("#/components/schemas/".length()));
        return target instanceof Map<?, ?> schema
                && ("object".equals(schema.get("type")) || schema.containsKey("properties"));
    }

    private static void mergePath(Map<String, Object> paths, String function, String path, Map<String, Object> item) {
        Map<String, Object> target = asMap(paths.computeIfAbsent(path, p -> new LinkedHashMap<String, Object>()));
        item.forEach((key, value) -> {
            if (OPERATIONS.contains(key)) {
                Map<String, Object> operation = asMap(value);
                operation.putIfAbsent("security", List.of());
                Map<String, Object> responses = asMap(operation.computeIfAbsent("responses",
                        r -> new LinkedHashMap<String, Object>()));
                boolean takesForms = asMap(asMap(operation.getOrDefault("requestBody", Map.of()))
                        .getOrDefault("content", Map.of())).containsKey(FORM);
                // A page's form is refused with a page; an app's JSON with a problem.
                responses.putIfAbsent("4XX", takesForms ? PROBLEM_OR_PAGE : PROBLEM_RESPONSE);
                responses.putIfAbsent("5XX", PROBLEM_RESPONSE);
            }
            Object earlier = target.putIfAbsent(key, value);
            if (earlier != null && OPERATIONS.contains(key)) {
                throw new IllegalStateException(function + " serves " + key.toUpperCase(Locale.ROOT)
                        + " " + path + ", which an earlier function serves too");
            }
        });
    }

    private static Map<String, Object> read(String function) {
        String name = "META-INF/swagger/skyport-" + function + ".yml";
        try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath: build the " + function
                        + " function (its micronaut-openapi annotation processor writes it)");
            }
            return Objects.requireNonNull(new Yaml(new SafeConstructor(new LoaderOptions())).load(in), name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name, e);
        }
    }

    private static Map<String, Object> childMap(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        return child == null ? Map.of() : asMap(child);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
