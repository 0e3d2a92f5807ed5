package dev.skyport.simulated;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server speaking Google's OAuth token endpoint (JWT-bearer grant, with the assertion's signature really
 * checked against the service account's public key) and the Cloud Storage JSON API's bucket list.
 */
public final class LocalGoogleCloudServer implements AutoCloseable {

    public static final String DENIED_PROJECT = "no-storage-access";
    /** What every key Google issues says; Skyport sends tokens requests to its configured endpoint instead. */
    public static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, RSAPublicKey> keys = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public LocalGoogleCloudServer() {
        server = LoopbackHttp.server();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            LoopbackHttp.answer(exchange, 404, "application/json", "{}");
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
                answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
            }
        } catch (Exception e) {
            answer(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"bad assertion\"}");
        }
    }

    private void buckets(HttpExchange exchange) throws IOException {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!auth.startsWith("Bearer ") || !tokens.containsKey(auth.substring(7))) {
            answer(exchange, 401, "{\"error\":{\"code\":401,\"message\":\"Invalid Credentials\",\"errors\":"
                    + "[{\"reason\":\"authError\",\"message\":\"Invalid Credentials\"}]}}");
            return;
        }
        String query = String.valueOf(exchange.getRequestURI().getRawQuery());
        if (query.contains("project=" + DENIED_PROJECT)) {
            answer(exchange, 403, "{\"error\":{\"code\":403,\"message\":\"" + tokens.get(auth.substring(7))
                    + " does not have storage.buckets.list access to the Google Cloud project.\",\"errors\":"
                    + "[{\"reason\":\"forbidden\",\"message\":\"denied\"}]}}");
            return;
        }
        answer(exchange, 200, "{\"kind\":\"storage#buckets\",\"items\":[{\"kind\":\"storage#bucket\","
                + "\"name\":\"tf-state-gcp\",\"location\":\"EU\",\"id\":\"tf-state-gcp\"}]}");
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
