package dev.skyport.simulated;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Loopback Azure AD token endpoint (client-credentials grant, AADSTS errors) and ARM (subscriptions, storage
 * accounts with their blob service and containers, a scope's permissions for the caller), over HTTPS. The
 * {@link #LACKING_CLIENT} holds every action on the resource group but {@link #LACKING_ACTION}: MSAL accepts only https authorities. The certificate is made for this run with the
 * JDK's keytool, and this JVM's default TLS context trusts it (and still every authority it trusted).
 */
public final class LocalAzureServer implements AutoCloseable {

    public static final String TENANT = "11111111-2222-3333-4444-555555555555";
    public static final String CLIENT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    public static final String SECRET = "azure-client-secret-value";
    public static final String EXPIRED_CLIENT = "aaaaaaaa-bbbb-cccc-dddd-000000000001";
    public static final String NO_ROLE_CLIENT = "aaaaaaaa-bbbb-cccc-dddd-000000000002";
    public static final String HANGING_CLIENT = "aaaaaaaa-bbbb-cccc-dddd-000000000003";
    public static final String SUBSCRIPTION = "99999999-8888-7777-6666-555555555555";
    public static final String LACKING_CLIENT = "aaaaaaaa-bbbb-cccc-dddd-000000000004";
    public static final String LACKING_ACTION = "Microsoft.ContainerService/managedClusters/write";
    /** Storage accounts of the subscription: name -> whether fit for state (versioned, no public blob access). */
    public static final Map<String, Boolean> STORAGE_ACCOUNTS;

    static {
        Map<String, Boolean> accounts = new LinkedHashMap<>();
        accounts.put("tfstateprod", true);
        accounts.put("tfstateopen", false);
        STORAGE_ACCOUNTS = Collections.unmodifiableMap(accounts);
    }
    private static final String STORAGE = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/state/providers/Microsoft.Storage/storageAccounts/";

    private final HttpsServer server;
    private final KeyStore store;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public LocalAzureServer() {
        try {
            store = selfSignedKeyStore();
            SSLContext tls = serverContext(store);
            // MSAL and the ARM client use the JVM's default TLS context: it now trusts this server too, and still
            // every certificate authority it trusted before (real HTTPS keeps working).
            SSLContext.setDefault(clientContextTrustingAlso(store));
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
        } catch (Exception e) {
            throw new IllegalStateException("could not start a local HTTPS server: " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Writes a PKCS12 trust store (password {@code changeit}) holding this server's certificate only, for another
     * JVM that must reach this server: {@code -Djavax.net.ssl.trustStore=<file>}.
     */
    public Path writeTrustStore(Path file) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("skyport-local-azure", store.getCertificate("local"));
        try (var out = Files.newOutputStream(file)) {
            trust.store(out, "changeit".toCharArray());
        }
        return file;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/oauth2/v2.0/token")) {
            token(exchange, path.split("/")[1]);
        } else if (path.equals("/subscriptions")) {
            arm(exchange, "{\"value\":[{\"id\":\"/subscriptions/" + SUBSCRIPTION + "\",\"subscriptionId\":\""
                    + SUBSCRIPTION + "\",\"displayName\":\"Production\",\"state\":\"Enabled\"}]}");
        } else if (path.endsWith("/providers/Microsoft.Storage/storageAccounts")) {
            // One storage account per page, as a long list comes from ARM: the next page's link is ARM's own URL.
            List<String> names = List.copyOf(STORAGE_ACCOUNTS.keySet());
            String query = String.valueOf(exchange.getRequestURI().getRawQuery());
            int index = query.contains("$skiptoken=") ? Integer.parseInt(query.replaceAll(".*\\$skiptoken=(\\d+).*",
                    "$1")) : 0;
            String name = names.get(Math.min(index, names.size() - 1));
            String next = index + 1 < names.size() ? ",\"nextLink\":\"" + endpoint() + path + "?api-version="
                    + "2023-05-01&$skiptoken=" + (index + 1) + "\"" : "";
            arm(exchange, "{\"value\":[{\"id\":\"" + STORAGE + name + "\",\"name\":\"" + name
                    + "\",\"location\":\"westeurope\",\"properties\":{\"allowBlobPublicAccess\":"
                    + !STORAGE_ACCOUNTS.get(name) + "}}]" + next + "}");
        } else if (path.equals("/subscriptions/" + SUBSCRIPTION
                + "/resourceGroups/skyport/providers/Microsoft.Authorization/permissions")) {
            arm(exchange, "{\"value\":[{\"actions\":[\"*\"],\"notActions\":[" + (LACKING_CLIENT.equals(
                    client(exchange)) ? "\"" + LACKING_ACTION + "\"" : "") + "]}]}");
        } else if (path.startsWith(STORAGE) && STORAGE_ACCOUNTS.containsKey(path.substring(STORAGE.length())
                .split("/")[0])) {
            storageAccount(exchange, path.substring(STORAGE.length()));
        } else {
            answer(exchange, 404, "{\"error\":{\"code\":\"NotFound\"}}");
        }
    }

    private void token(HttpExchange exchange, String tenant) throws IOException {
        Map<String, String> form = LoopbackHttp.form(exchange);
        String client = form.getOrDefault("client_id", "");
        if (client.equals(HANGING_CLIENT)) {
            LoopbackHttp.hang();
        }
        if (!tenant.equals(TENANT)) {
            aadError(exchange, 400, "invalid_request", 90002, "Tenant '" + tenant + "' not found.");
        } else if (!List.of(CLIENT, EXPIRED_CLIENT, NO_ROLE_CLIENT, HANGING_CLIENT, LACKING_CLIENT).contains(client)) {
            aadError(exchange, 400, "unauthorized_client", 700016, "Application with identifier '" + client
                    + "' was not found in the directory.");
        } else if (client.equals(EXPIRED_CLIENT)) {
            aadError(exchange, 401, "invalid_client", 7000222, "The provided client secret keys for app '" + client
                    + "' are expired.");
        } else if (!SECRET.equals(form.get("client_secret"))) {
            aadError(exchange, 401, "invalid_client", 7000215, "Invalid client secret provided.");
        } else {
            String token = "eyJ0eXAiOiJKV1QifQ." + UUID.randomUUID();
            tokens.put(token, client);
            answer(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                    + "\"access_token\":\"" + token + "\"}");
        }
    }

    /** A storage account's blob service (versioning), its {@code tfstate} container, the caller's data actions. */
    private void storageAccount(HttpExchange exchange, String rest) throws IOException {
        String[] parts = rest.split("/", 2);
        boolean fit = STORAGE_ACCOUNTS.get(parts[0]);
        String below = parts.length > 1 ? parts[1] : "";
        switch (below) {
            case "blobServices/default" -> arm(exchange, "{\"name\":\"default\",\"properties\":"
                    + "{\"isVersioningEnabled\":" + fit + "}}");
            case "blobServices/default/containers/tfstate" -> arm(exchange, "{\"name\":\"tfstate\"}");
            case "providers/Microsoft.Authorization/permissions" -> arm(exchange, "{\"value\":[{\"actions\":[],"
                    + "\"notActions\":[],\"dataActions\":[\"Microsoft.Storage/storageAccounts/blobServices/"
                    + "containers/blobs/*\"],\"notDataActions\":[]}]}");
            default -> answer(exchange, 404, "{\"error\":{\"code\":\"ResourceNotFound\"}}");
        }
    }

    private String client(HttpExchange exchange) {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        return auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
    }

    private void arm(HttpExchange exchange, String body) throws IOException {
        String client = client(exchange);
        if (client == null) {
            answer(exchange, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"bad token\"}}");
        } else if (client.equals(NO_ROLE_CLIENT)) {
            answer(exchange, 403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client '" + client
                    + "' does not have authorization to perform action.\"}}");
        } else {
            answer(exchange, 200, body);
        }
    }

    private static void aadError(HttpExchange exchange, int status, String error, int code, String message)
            throws IOException {
        answer(exchange, status, "{\"error\":\"" + error + "\",\"error_description\":\"AADSTS" + code + ": " + message
                + " Trace ID: 0 Correlation ID: 0\",\"error_codes\":[" + code + "]}");
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        LoopbackHttp.answer(exchange, status, "application/json", json);
    }

    /** A key pair and certificate for 127.0.0.1, made by the JDK's own keytool. */
    private static KeyStore selfSignedKeyStore() throws Exception {
        Path keystore = Files.createTempDirectory("skyport-tls").resolve("local.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "local", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException(new String(keytool.getInputStream().readAllBytes()));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        Files.deleteIfExists(keystore);
        return store;
    }

    private static SSLContext serverContext(KeyStore store) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** Trusts what the JVM trusts by default, and this server's own certificate. */
    private static SSLContext clientContextTrustingAlso(KeyStore store) throws Exception {
        X509TrustManager defaults = x509(null);
        X509TrustManager own = x509(store);
        X509TrustManager both = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                defaults.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    defaults.checkServerTrusted(chain, authType);
                } catch (CertificateException notAPublicCertificate) {
                    own.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                X509Certificate[] first = defaults.getAcceptedIssuers();
                X509Certificate[] second = own.getAcceptedIssuers();
                X509Certificate[] all = java.util.Arrays.copyOf(first, first.length + second.length);
                System.arraycopy(second, 0, all, first.length, second.length);
                return all;
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {both}, null);
        return context;
    }

    private static X509TrustManager x509(KeyStore store) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X.509 trust manager");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
