package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.testing.ApiClient;
import dev.skyport.platform.web.Problem;
import dev.skyport.testing.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * The API document, read by tools Skyport did not write: redocly's and spectral's OpenAPI rules, and a client
 * generated from it (openapi-typescript types, openapi-fetch calls, compiled by tsc in strict mode) that walks a
 * newcomer's path against the local platform. And what it says about authentication is checked against the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NodeTools TOOLS = new NodeTools(Path.of("src/test/node"), Path.of("target/api-checks"));

    private LocalPlatform platform;
    private ApiClient api;
    private String document;

    @BeforeAll
    void start() {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty()));
        api = new ApiClient(platform::baseUrl);
        document = api.get("/openapi.yml").body();
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void redocly_and_spectral_find_no_error_in_the_document() throws Exception {
        Path work = TOOLS.install();
        Files.writeString(work.resolve("openapi.yml"), document);
        // Each exits non-zero on an error (warnings, such as operations without a 4xx response, are printed only).
        assertThat(TOOLS.tool("redocly", "lint", "openapi.yml", "--format=summary")).doesNotContain("error ");
        assertThat(TOOLS.tool("spectral", "lint", "openapi.yml", "--fail-severity=error")).contains("0 errors");
    }

    @Test
    void a_client_generated_from_the_document_compiles_and_walks_a_newcomers_path() throws Exception {
        Path work = TOOLS.install();
        Files.writeString(work.resolve("openapi.yml"), document);
        TOOLS.tool("openapi-typescript", "openapi.yml", "--output", "api.d.ts");
        TOOLS.tool("tsc", "--project", "tsconfig.json");
        JsonNode walked = JSON.readTree(TOOLS.run("build/client.js", "", platform.baseUrl().toString()));

        assertThat(walked.path("username").asText()).startsWith("client-");
        assertThat(walked.at("/account/provider").asText()).isEqualTo("aws");
        assertThat(walked.at("/account/verified").asBoolean()).isTrue();
        assertThat(walked.at("/cluster/status").asText()).isEqualTo("REQUESTED");
        assertThat(walked.at("/cluster/name").asText()).isEqualTo("from-the-client");
        assertThat(walked.at("/cluster/listed").asInt()).isEqualTo(1);
        assertThat(walked.at("/unread").isIntegralNumber()).isTrue();
        assertThat(walked.at("/unknown_cluster/status").asInt()).isEqualTo(404);
        assertThat(walked.at("/unknown_cluster/type").asText()).endsWith("/cluster-not-found");
        assertThat(walked.at("/kubeconfig/before_running").asInt()).as("409 until RUNNING").isEqualTo(409);
        assertThat(walked.at("/kubeconfig/content_type").asText()).startsWith("application/yaml");
        assertThat(walked.at("/kubeconfig/current_context").asText()).isEqualTo("current-context: from-the-client");

        assertThat(walked.at("/token/pattern_ok").asBoolean()).as("skp_ and 36 base62 characters").isTrue();
        assertThat(walked.at("/token/clusters_listed").asBoolean()).as("the token lists the clusters").isTrue();
        assertThat(walked.at("/token/out_of_scope/status").asInt()).isEqualTo(403);
        assertThat(walked.at("/token/out_of_scope/type").asText()).endsWith("/insufficient-scope");
        assertThat(walked.at("/token/out_of_scope/detail").asText()).contains("notifications:write");
        assertThat(walked.at("/token/listed").toString()).isEqualTo("[\"generated client\"]");
    }

    /** The kubeconfig is described as what it is, YAML text, so a generated client reads it as text. */
    @Test
    @SuppressWarnings("unchecked")
    void the_document_describes_the_kubeconfig_as_yaml_and_its_refusals_as_problems() {
        Map<String, Object> paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(document).get("paths");
        Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) paths.get("/clusters/{id}/kubeconfig"))
                .get("get");
        Map<String, Object> responses = (Map<String, Object>) get.get("responses");
        Map<String, Object> ok = (Map<String, Object>) ((Map<String, Object>) responses.get("200")).get("content");
        assertThat(ok).containsOnlyKeys("application/yaml");
        assertThat(((Map<String, Object>) ok.get("application/yaml")).get("schema")).isEqualTo(Map.of("type",
                "string"));
        assertThat(((Map<String, Object>) ((Map<String, Object>) responses.get("4XX")).get("content")))
                .containsKey(Problem.MEDIA_TYPE);
        assertThat(get.get("security")).as("a person's own clusters only").isNotEqualTo(List.of());
    }

    /**
     * Every operation that names a security scheme is refused without a token (401 {@code unauthenticated}), and no
     * operation the document marks open ({@code security: []}) is: the document tells the truth.
     */
    @Test
    @SuppressWarnings("unchecked")
    void the_document_says_which_operations_need_a_token_and_the_server_agrees() {
        Map<String, Object> paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(document).get("paths");
        List<String> wrong = new ArrayList<>();
        int open = 0;
        int guarded = 0;
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
            for (Map.Entry<String, Object> operation : ((Map<String, Object>) path.getValue()).entrySet()) {
                List<?> security = (List<?>) ((Map<String, Object>) operation.getValue()).get("security");
                assertThat(security).as(operation.getKey() + " " + path.getKey() + " states its security").isNotNull();
                ApiClient.Reply reply = switch (operation.getKey()) {
                    case "get" -> api.get(concrete);
                    case "post" -> api.post(concrete, "{}");
                    case "put" -> api.put(concrete, "{}");
                    case "patch" -> api.patch(concrete, "{}");
                    case "delete" -> api.delete(concrete, "{}");
                    default -> throw new AssertionError("an operation the check does not know: " + operation.getKey());
                };
                // The security filter's refusal; a route's own credential (a refresh token) has its own problem type.
                boolean refusedForNoToken = reply.status() == 401 && reply.body().contains("/problems/unauthenticated");
                if (reply.status() >= 400) {
                    assertThat(reply.contentType()).as(operation.getKey() + " " + path.getKey()
                            + " answers its " + reply.status() + " as the document says").startsWith(Problem.MEDIA_TYPE);
                }
                boolean needsToken = !security.isEmpty();
                if (needsToken) {
                    guarded++;
                } else {
                    open++;
                }
                if (refusedForNoToken != needsToken) {
                    wrong.add(operation.getKey() + " " + path.getKey() + ": documented "
                            + (needsToken ? "with" : "without") + " a token, answered " + reply.status() + " "
                            + reply.body() + " without one");
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(open).as("open operations (sign-up, login, ...)").isGreaterThan(5);
        assertThat(guarded).as("operations that need a token").isGreaterThan(25);
    }
}
