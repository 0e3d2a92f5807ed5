package dev.skyport.simulated;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server speaking Google's OAuth token endpoint (JWT-bearer grant, with the assertion's signature really
 * checked against the service account's public key), the Cloud Storage JSON API's buckets (list, get, their
 * permissions), and the permission tests of Cloud Resource Manager (a project) and IAM (a service account). A service
 * account whose e-mail starts with {@code lacking} holds every permission but {@link #LACKING_PERMISSION}.
 */
public final class LocalGoogleCloudServer implements AutoCloseable {

    public static final String DENIED_PROJECT = "no-storage-access";
    /** The permission a {@code lacking...} service account does not hold on its project. */
    public static final String LACKING_PERMISSION = "container.clusters.create";
    /** Buckets of every project: name -> whether versioned and public access prevented (fit for state). */
    public static final Map<String, Boolean> BUCKETS = Map.of("tf-state-gcp", true, "acme-tf-state", true,
            "tf-state-gcp-open", false);
    /** What every key Google issues says; Skyport sends tokens requests to its configured endpoint instead. */
    public static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, RSAPublicKey> keys = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Each token's OAuth scopes, as its assertion asked for them. */
    private final Map<String, String> scopes = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public LocalGoogleCloudServer() {
        server = LoopbackHttp.server();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod()) && path.endsWith(":testIamPermissions")) {
                testPermissions(exchange);
            } else {
                LoopbackHttp.answer(exchange, 404, "application/json", "{}");
            }
        });
        server.createContext("/token", exchange -> {
            requests.incrementAndGet();
            token(exchange);
        });
        server.createContext("/storage/v1/b", exchange -> {
            requests.incrementAndGet();
            buckets(exchange);
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request this server received, on any path. */
    public int requests() {
        return requests.get();
    }

    /** The token endpoint of this server, for Skyport's configuration ({@code skyport.providers.gcp-token-uri}). */
    public URI tokenUri() {
        return URI.create(endpoint() + "/token");
    }

    /** A service account Google knows, and its key file; {@code knownToGoogle=false} makes a stranger's key. */
    public String serviceAccountJson(String clientEmail, String projectId, boolean knownToGoogle) {
        return serviceAccountJson(clientEmail, projectId, knownToGoogle, Map.of());
    }

    /** The same, with fields of the key file replaced or added (a token_uri, a universe_domain...). */
    public String serviceAccountJson(String clientEmail, String projectId, boolean knownToGoogle,
                              Map<String, String> fields) {
        KeyPair pair = rsa();
        if (knownToGoogle) {
            keys.put(clientEmail, (RSAPublicKey) pair.getPublic());
        }
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> key = new LinkedHashMap<>();
        key.put("type", "service_account");
        key.put("project_id", projectId);
        key.put("private_key_id", UUID.randomUUID().toString().replace("-", ""));
        key.put("private_key", pem);
        key.put("client_email", clientEmail);
        key.put("client_id", "1234567890");
        key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        key.put("token_uri", GOOGLE_TOKEN_URI);
        key.put("universe_domain", "googleapis.com");
        key.putAll(fields);
        try {
            return JSON.writeValueAsString(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same service account with a key Google no longer accepts (deleted or replaced). */
    public String replacedKeyJson(String clientEmail, String projectId) {
        RSAPublicKey current = keys.get(clientEmail);
        String json = serviceAccountJson(clientEmail, projectId, true);
        keys.put(clientEmail, current);
        return json;
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = LoopbackHttp.form(exchange);
        try {
            SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
            String email = assertion.getJWTClaimsSet().getIssuer();
            if (email.startsWith("slow")) {
                LoopbackHttp.hang();
            }
            RSAPublicKey key = keys.get(email);
            if (email.startsWith("disabled")) {
                answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid grant: account"
                        + " disabled\"}");
            } else if (key == null) {
                answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid grant: account not found\"}");
            } else if (!assertion.verify(new RSASSAVerifier(key))) {
                answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            } else {
                String token = "ya29." + UUID.randomUUID();
                tokens.put(token, email);
                scopes.put(token, String.valueOf(assertion.getJWTClaimsSet().getClaim("scope")));
                answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
            }
        } catch (Exception e) {
            answer(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"bad assertion\"}");
        }
    }

    /** The service account a request's token was issued to; empty after answering 401 when there is none. */
    private Optional<String> caller(HttpExchange exchange) throws IOException {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!auth.startsWith("Bearer ") || !tokens.containsKey(auth.substring(7))) {
            answer(exchange, 401, "{\"error\":{\"code\":401,\"message\":\"Invalid Credentials\",\"errors\":"
                    + "[{\"reason\":\"authError\",\"message\":\"Invalid Credentials\"}]}}");
            return Optional.empty();
        }
        return Optional.of(tokens.get(auth.substring(7)));
    }

    /**
     * testIamPermissions of a project (Cloud Resource Manager) or a service account (IAM): the permissions asked for
     * that are held. IAM's takes a token for the cloud-platform (or iam) scope only, as Google's does.
     */
    private void testPermissions(HttpExchange exchange) throws IOException {
        Optional<String> caller = caller(exchange);
        if (caller.isEmpty()) {
            return;
        }
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        List<String> granted = List.of(scopes.getOrDefault(auth.substring(7), "").split(" "));
        if (exchange.getRequestURI().getPath().contains("/serviceAccounts/")
                && !granted.contains("https://www.googleapis.com/auth/cloud-platform")
                && !granted.contains("https://www.googleapis.com/auth/iam")) {
            answer(exchange, 403, "{\"error\":{\"code\":403,\"message\":\"Request had insufficient"
                    + " authentication scopes.\",\"status\":\"PERMISSION_DENIED\"}}");
            return;
        }
        List<String> asked = new ArrayList<>();
        JSON.readTree(exchange.getRequestBody()).path("permissions").forEach(p -> asked.add(p.asText()));
        held(exchange, caller.get(), asked);
    }

    private void held(HttpExchange exchange, String caller, List<String> asked) throws IOException {
        List<String> held = asked.stream()
                .filter(permission -> !(caller.startsWith("lacking") && permission.equals(LACKING_PERMISSION)))
                .toList();
        answer(exchange, 200, held.isEmpty() ? "{}" : JSON.writeValueAsString(Map.of("permissions", held)));
    }

    private void buckets(HttpExchange exchange) throws IOException {
        Optional<String> caller = caller(exchange);
        if (caller.isEmpty()) {
            return;
        }
        String[] path = exchange.getRequestURI().getPath().replaceAll("/+$", "").split("/");
        if (path.length > 4) { // /storage/v1/b/<bucket>[/iam/testPermissions]
            bucket(exchange, caller.get(), path);
            return;
        }
        String query = String.valueOf(exchange.getRequestURI().getRawQuery());
        if (query.contains("project=" + DENIED_PROJECT)) {
            answer(exchange, 403, "{\"error\":{\"code\":403,\"message\":\"" + caller.get()
                    + " does not have storage.buckets.list access to the Google Cloud project.\",\"errors\":"
                    + "[{\"reason\":\"forbidden\",\"message\":\"denied\"}]}}");
            return;
        }
        answer(exchange, 200, "{\"kind\":\"storage#buckets\",\"items\":[{\"kind\":\"storage#bucket\","
                + "\"name\":\"tf-state-gcp\",\"location\":\"EU\",\"id\":\"tf-state-gcp\"}]}");
    }

    /** One bucket: its metadata (versioning, public access prevention), or which of its permissions are held. */
    private void bucket(HttpExchange exchange, String caller, String[] path) throws IOException {
        Boolean fit = BUCKETS.get(path[4]);
        if (fit == null) {
            answer(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"The specified bucket does not exist.\"}}");
        } else if (path.length == 7 && path[5].equals("iam") && path[6].equals("testPermissions")) {
            List<String> asked = new ArrayList<>();
            for (String pair : String.valueOf(exchange.getRequestURI().getRawQuery()).split("&")) {
                if (pair.startsWith("permissions=")) {
                    asked.add(URLDecoder.decode(pair.substring(12), StandardCharsets.UTF_8));
                }
            }
            held(exchange, caller, asked);
        } else {
            answer(exchange, 200, JSON.writeValueAsString(Map.of("kind", "storage#bucket", "id", path[4],
                    "name", path[4], "location", "EU", "versioning", Map.of("enabled", fit),
                    "iamConfiguration", Map.of("publicAccessPrevention", fit ? "enforced" : "inherited",
                            "uniformBucketLevelAccess", Map.of("enabled", true)))));
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        LoopbackHttp.answer(exchange, status, "application/json", json);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
