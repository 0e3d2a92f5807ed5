package dev.skyport.local.web;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * Local platform only: the whole API as one OpenAPI document, merged at start from the documents each function's
 * build generates from its controllers. Two functions claiming the same route, or the same schema name for different
 * shapes, stop the start: the deployed API could not serve both either. Three things the generator leaves out are
 * stated here: an operation it gives no security requirement is one its controller opens to anyone
 * ({@code @Secured(IS_ANONYMOUS)}), so it says {@code security: []}; a nullable reference says it is an object; and
 * the {@code example: null} it writes when one route takes both JSON and a form is dropped.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public class OpenApiDocumentController {

    static final String MEDIA_TYPE = "application/yaml";
    public static final List<String> FUNCTIONS = List.of("auth", "accounts", "cloud-accounts", "clusters", "notifications");
    private static final List<String> OPERATIONS = List.of("get", "put", "post", "delete", "options", "head", "patch");

    private final String document;

    public OpenApiDocumentController() {
        this.document = merge(FUNCTIONS);
    }

    @Get(value = "/openapi.yml", produces = MEDIA_TYPE)
    public String document() {
        return document;
    }

    static String merge(List<String> functions) {
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Map<String, Object>> components = new LinkedHashMap<>();
        for (String function : functions) {
            Map<String, Object> source = read(function);
            childMap(source, "paths").forEach((path, item) -> mergePath(paths, function, path, asMap(item)));
            childMap(source, "components").forEach((section, entries) -> asMap(entries).forEach((name, value) -> {
                Object earlier = components.computeIfAbsent(section, s -> new LinkedHashMap<>()).putIfAbsent(name, value);
                if (earlier != null && !earlier.equals(value)) {
                    throw new IllegalStateException(function + " defines components." + section + "." + name
                            + " unlike an earlier function");
                }
            }));
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("openapi", "3.0.1");
        merged.put("info", Map.of("title", "Skyport API (local platform)",
                "description", "Every function's routes: " + String.join(", ", functions), "version", "1"));
        merged.put("servers", List.of(Map.of("url", "/", "description", "this Skyport")));
        merged.put("paths", paths);
        merged.put("components", components);
        normalize(merged);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(new Representer(options), options).dump(merged);
    }

    /** Walks the document: anonymous operations, nullable references and null examples, as the Javadoc says. */
    @SuppressWarnings("unchecked")
    private static void normalize(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> object = (Map<String, Object>) map;
            if (Boolean.TRUE.equals(object.get("nullable")) && object.containsKey("allOf")
                    && !object.containsKey("type")) {
                object.put("type", "object");
            }
            if (object.containsKey("example") && object.get("example") == null && object.containsKey("schema")) {
                object.remove("example");
            }
            object.values().forEach(OpenApiDocumentController::normalize);
        } else if (node instanceof List<?> list) {
            list.forEach(OpenApiDocumentController::normalize);
        }
    }

    private static void mergePath(Map<String, Object> paths, String function, String path, Map<String, Object> item) {
        Map<String, Object> target = asMap(paths.computeIfAbsent(path, p -> new LinkedHashMap<String, Object>()));
        item.forEach((key, value) -> {
            if (OPERATIONS.contains(key)) {
                asMap(value).putIfAbsent("security", List.of());
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
        try (InputStream in = OpenApiDocumentController.class.getClassLoader().getResourceAsStream(name)) {
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
