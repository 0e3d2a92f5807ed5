package dev.skyport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Sends requests the way curl would (a plain JDK HTTP client) and reads problem+json answers. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Supplier<URI> base;

    public ApiClient(Supplier<URI> base) {
        this.base = base;
        this.http = HttpClient.newHttpClient();
    }

    private ApiClient(Supplier<URI> base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /**
     * The same API seen from another client address on this machine (any 127.x.y.z): the server sees that
     * address on the socket, as it would see another computer's.
     */
    public ApiClient from(String loopbackAddress) {
        try {
            return new ApiClient(base, HttpClient.newBuilder()
                    .localAddress(java.net.InetAddress.getByName(loopbackAddress)).build());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(loopbackAddress, e);
        }
    }

    public Reply post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    /** A form a browser submits from one of Skyport's pages (application/x-www-form-urlencoded). */
    public Reply postForm(String path, Map<String, String> fields, String... headers) {
        String body = fields.entrySet().stream()
                .map(e -> java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8) + "="
                        + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return exchange(request);
    }

    public Reply put(String path, String json, String... headers) {
        return send("PUT", path, json, headers);
    }

    public Reply patch(String path, String json, String... headers) {
        return send("PATCH", path, json, headers);
    }

    public Reply delete(String path, String json, String... headers) {
        return send("DELETE", path, json, headers);
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    private Reply send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve(path)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return exchange(request);
    }

    private Reply exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A JSON object from key, value, key, value... */
    public static String json(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public record Reply(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String contentType() {
            return headers.firstValue("content-type").orElse("");
        }

        /** Asserts a problem+json answer of the given status and type slug, with no internals in it. */
        public Reply isProblem(int expectedStatus, String slug) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(contentType()).startsWith("application/problem+json");
            assertThat(json().path("type").asText()).isEqualTo("https://skyport.dev/problems/" + slug);
            assertThat(json().path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(json().path("detail").asText()).isNotBlank();
            assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }
    }
}
