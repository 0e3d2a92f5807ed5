package dev.skyport.infra.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;

/**
 * The HTTP routes a function serves, read from the OpenAPI document its build generates from the controllers
 * ({@code META-INF/swagger/skyport-<module>.yml}, micronaut-openapi) inside the very jar that is deployed. The
 * controllers are the one source of truth: a route cannot be served without being on the API, nor the reverse.
 */
public final class OpenApiRoutes {

    /** The OpenAPI operation keys of a path item; the other keys (parameters, summary...) are not routes. */
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch");

    private OpenApiRoutes() {
    }

    /**
     * One route as the HTTP API keys it: method and path, with {@code {param}} placeholders; anonymous when its
     * operation asks for no credentials (no {@code security} of its own or of the document, or an empty one), which
     * micronaut-openapi writes from the controller's {@code @Secured}.
     */
    public record ApiRoute(HttpMethod method, String path, boolean anonymous) {
        public String routeKey() {
            return method + " " + path;
        }
    }

    /** The routes in the function jar of this module, in document order; fails when the document is missing. */
    public static List<ApiRoute> inJar(Path jar, String module) {
        String entryName = documentName(module);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IllegalStateException(jar + " holds no " + entryName
                        + ": the function's build generates it (micronaut-openapi annotation processor)");
            }
            try (InputStream document = zip.getInputStream(entry)) {
                return parse(document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + entryName + " in " + jar, e);
        }
    }

    /** Where a function's build puts its OpenAPI document, inside its jar or classes directory. */
    public static String documentName(String module) {
        return "META-INF/swagger/skyport-" + module + ".yml";
    }

    /** The routes of one OpenAPI document. */
    @SuppressWarnings("unchecked")
    public static List<ApiRoute> parse(InputStream document) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
        Map<String, Object> paths = root == null ? null : (Map<String, Object>) root.get("paths");
        if (paths == null || paths.isEmpty()) {
            throw new IllegalStateException("an OpenAPI document without paths");
        }
        Object everywhere = root.get("security");
        List<ApiRoute> routes = new ArrayList<>();
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                Object security = ((Map<String, Object>) operation).getOrDefault("security", everywhere);
                boolean anonymous = !(security instanceof List<?> requirements) || requirements.isEmpty();
                routes.add(new ApiRoute(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), path, anonymous));
            }
        }));
        return List.copyOf(routes);
    }
}
