package dev.skyport.local;

import static dev.skyport.local.TourSteps.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.skyport.console.ApiDocument;
import dev.skyport.simulated.LocalAwsServer;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The README's walk-through against the local platform: sign up, open the link from the outbox, log in. */
class LocalPlatformIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    @SuppressWarnings("unchecked")
    void the_local_platform_serves_one_openapi_document_with_the_routes_of_every_function() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.empty(),
                Optional.empty()))) {
            HttpResponse<String> response = get(platform.baseUrl(), "/openapi.yml", Map.of());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/yaml"));
            Map<String, Object> document = new org.yaml.snakeyaml.Yaml().load(response.body());
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
            assertThat(paths.get("/auth/login")).containsKey("post");
            assertThat(paths.get("/me")).containsKeys("get", "delete");
            assertThat(paths.get("/cloud-accounts/{id}/buckets")).containsKey("get");
            int functionOperations = 0;
            for (String function : ApiDocument.FUNCTIONS) {
                try (var in = getClass().getClassLoader().getResourceAsStream(
                        "META-INF/swagger/skyport-" + function + ".yml")) {
                    functionOperations += operations(new org.yaml.snakeyaml.Yaml().load(in));
                }
            }
            assertThat(operations(document)).isEqualTo(functionOperations).isGreaterThan(20);
            assertThat((Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas"))
                    .containsKeys("SessionView");
        }
    }

    /** An access token of this platform that expired says so, and how to get another; a forged one does not. */
    @Test
    void an_expired_access_token_is_told_to_refresh_and_a_forged_expired_one_is_not() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.empty(),
                Optional.empty()))) {
            ApiClient api = new ApiClient(platform::baseUrl);
            String bearer = TourSteps.signedIn(api, "late@example.com", "late");
            assertThat(api.get("/me", "Authorization", bearer).status()).isEqualTo(200);
            platform.context().getBean(MutableClock.class).advance(Duration.ofMinutes(16));

            ApiClient.Reply expired = api.get("/me", "Authorization", bearer).isProblem(401, "token-expired");
            assertThat(expired.json().path("detail").asText()).contains("expired").contains("POST /auth/refresh");
            assertThat(api.get("/clusters", "Authorization", bearer).status()).isEqualTo(401);

            SignedJWT ours = SignedJWT.parse(bearer.substring("Bearer ".length()));
            SignedJWT forged = new SignedJWT(ours.getHeader(), ours.getJWTClaimsSet());
            forged.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
            for (String token : List.of(forged.serialize(), "not-a-jwt", "a.b.c")) {
                ApiClient.Reply refused = api.get("/me", "Authorization", "Bearer " + token)
                        .isProblem(401, "unauthenticated");
                assertThat(refused.json().path("detail").asText()).doesNotContain("expired");
            }
        }
    }

    /** "Nothing kept": the temporary folder of --in-memory, with the keys and the mails in it, goes on close. */
    @Test
    void in_memory_deletes_its_temporary_folder_with_keys_and_mails_on_close() throws Exception {
        Path home;
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.empty(),
                Optional.empty()))) {
            assertThat(post(platform.baseUrl(), "/auth/signup", "{\"email\":\"gone@example.com\",\"username\":"
                    + "\"gone\",\"password\":\"correct horse battery staple\"}", Map.of()).statusCode())
                    .isEqualTo(202);
            get(platform.baseUrl(), "/local/outbox", Map.of()); // answers once the mail is written
            home = platform.outbox().getParent();
            assertThat(home.getFileName().toString()).startsWith("skyport-local-");
            assertThat(home.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            assertThat(home.resolve("signing-keys.json")).isRegularFile();
            assertThat(home.resolve("secrets-key")).isRegularFile();
            try (var mails = Files.list(platform.outbox())) {
                assertThat(mails.filter(mail -> mail.toString().endsWith(".eml"))).hasSize(1);
            }
        }
        assertThat(home).doesNotExist();
    }

    /**
     * DNS rebinding: a page whose domain now resolves to this machine sends its own name as Host (and Origin). The
     * platform answers only to the names it is served under, with a 421 problem before any route, so the outbox
     * and the reset flow stay out of that page's reach; its own names work as before.
     */
    @Test
    void a_request_for_a_name_the_platform_is_not_served_under_is_refused_before_any_route() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.empty(),
                Optional.empty()))) {
            int port = platform.baseUrl().getPort();
            for (String foreign : List.of("evil.example:" + port, "localhost.evil.example:" + port, "evil.example",
                    "127.0.0.1.nip.io:" + port)) {
                String answer = raw(port, "GET /local/outbox HTTP/1.1\r\nHost: " + foreign
                        + "\r\nOrigin: http://" + foreign + "\r\nConnection: close\r\n\r\n");
                assertThat(answer).as(foreign).startsWith("HTTP/1.1 421").contains("application/problem+json")
                        .contains("/problems/unknown-host").doesNotContain("links");
                String forgot = raw(port, "POST /auth/password/forgot HTTP/1.1\r\nHost: " + foreign
                        + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
                assertThat(forgot).as(foreign).startsWith("HTTP/1.1 421");
            }
            for (String served : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST")) {
                assertThat(raw(port, "GET /local/outbox HTTP/1.1\r\nHost: " + served
                        + "\r\nConnection: close\r\n\r\n")).as(served).startsWith("HTTP/1.1 200");
            }
        }
    }

    /** One request as bytes on a socket: the JDK's client will not send a Host of our choosing. */
    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The console: / leads to it; a page of it (any path under /console/ without an extension) is its index.html with
     * the strict policy; a built file is served as it is, hashed ones cached for a year; a missing file or a path that
     * climbs out is a 404 problem, never a file from elsewhere on the classpath.
     */
    @Test
    void the_console_is_served_at_console_with_a_strict_policy_and_only_its_own_files() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.empty(),
                Optional.empty()))) {
            HttpResponse<String> root = get(platform.baseUrl(), "/", Map.of("Accept", "text/html"));
            assertThat(root.statusCode()).isEqualTo(303);
            assertThat(root.headers().firstValue("Location")).hasValue("/console/");

            HttpResponse<String> page = get(platform.baseUrl(),
                    "/console/clusters/0193a0c2-0000-7000-8000-000000000000", Map.of());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/html"));
            assertThat(page.body()).contains("<div id=\"root\"></div>").doesNotContain("<script>");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("script-src 'self'").contains("frame-ancestors 'none'")
                            .doesNotContain("unsafe"));
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");

            HttpResponse<String> folder = get(platform.baseUrl(), "/console/assets", Map.of());
            assertThat(folder.body()).as("a folder of the build is a page, not a listing")
                    .contains("<div id=\"root\"></div>");

            String script = page.body().replaceAll("(?s).*src=\"(/console/assets/[^\"]+\\.js)\".*", "$1");
            HttpResponse<String> asset = get(platform.baseUrl(), script, Map.of());
            assertThat(asset.statusCode()).as(script).isEqualTo(200);
            assertThat(asset.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).contains("javascript"));
            assertThat(asset.headers().firstValue("Cache-Control")).hasValueSatisfying(cache ->
                    assertThat(cache).contains("immutable"));
            HttpResponse<String> api = get(platform.baseUrl(), "/clusters/catalogue", Map.of());
            assertThat(api.headers().firstValue("Cache-Control")).as("the API's answers are kept by no cache")
                    .hasValue("no-store");

            for (String missing : List.of("/console/assets/missing.js",
                    "/console/..%2f..%2fMETA-INF/skyport/openapi.yml",
                    "/console/%2e%2e/%2e%2e/application-local.properties", "/console/index.html%00.js")) {
                HttpResponse<String> refused = get(platform.baseUrl(), missing, Map.of());
                assertThat(refused.statusCode()).as(missing).isEqualTo(404);
                assertThat(refused.headers().firstValue("Content-Type")).as(missing).hasValueSatisfying(type ->
                        assertThat(type).startsWith("application/problem+json"));
                assertThat(refused.headers().firstValue("X-Frame-Options")).as(missing).hasValue("DENY");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static int operations(Map<String, Object> document) {
        return ((Map<String, Map<String, Object>>) document.get("paths")).values().stream()
                .mapToInt(item -> (int) item.keySet().stream().filter(key -> key.matches("get|put|post|delete|patch"))
                        .count())
                .sum();
    }

    @Test
    void a_newcomer_signs_up_reads_the_outbox_verifies_logs_in_refreshes_and_logs_out() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.of(dataDir),
                Optional.empty()))) {
            URI base = platform.baseUrl();
            assertThat(post(base, "/auth/signup", "{\"email\":\"ada@example.com\",\"username\":\"ada\","
                    + "\"password\":\"correct horse battery staple\"}", Map.of()).statusCode()).isEqualTo(202);

            JsonNode outbox = JSON.readTree(get(base, "/local/outbox", Map.of()).body());
            assertThat(outbox).hasSize(1);
            assertThat(outbox.get(0).path("to").asText()).isEqualTo("ada@example.com");
            String link = outbox.get(0).path("links").get(0).asText();
            assertThat(link).startsWith(base + "/auth/verify?token=");
            try (var files = Files.list(platform.outbox())) {
                assertThat(files.filter(f -> f.toString().endsWith(".eml"))).hasSize(1);
            }

            assertThat(openLinkAndPressTheButton(link).body()).contains("E-mail verified");

            HttpResponse<String> login = post(base, "/auth/login",
                    "{\"login\":\"ada\",\"password\":\"correct horse battery staple\"}", Map.of());
            assertThat(login.statusCode()).isEqualTo(200);
            JsonNode session = JSON.readTree(login.body());
            String bearer = "Bearer " + session.path("access_token").asText();
            assertThat(JSON.readTree(get(base, "/auth/session", Map.of("Authorization", bearer)).body())
                    .path("username").asText()).isEqualTo("ada");

            HttpResponse<String> refreshed = post(base, "/auth/refresh",
                    "{\"refresh_token\":\"" + session.path("refresh_token").asText() + "\"}", Map.of());
            assertThat(refreshed.statusCode()).isEqualTo(200);
            JsonNode renewed = JSON.readTree(refreshed.body());
            String refresh = renewed.path("refresh_token").asText();
            assertThat(post(base, "/auth/logout", "{\"refresh_token\":\"" + refresh + "\"}", Map.of()).statusCode())
                    .isEqualTo(204);

            // the accounts function's routes are served by the same server
            String renewedBearer = "Bearer " + renewed.path("access_token").asText();
            assertThat(JSON.readTree(get(base, "/me", Map.of("Authorization", renewedBearer)).body())
                    .path("email").asText()).isEqualTo("ada@example.com");
            // ... and a write with the access token of the session just logged out is refused, as in AWS.
            HttpResponse<String> ended = deleteMe(base, renewedBearer);
            assertThat(ended.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(ended.body()).path("type").asText()).endsWith("/session-revoked");
            HttpResponse<String> again = post(base, "/auth/login",
                    "{\"login\":\"ada\",\"password\":\"correct horse battery staple\"}", Map.of());
            HttpResponse<String> deleted = deleteMe(base,
                    "Bearer " + JSON.readTree(again.body()).path("access_token").asText());
            assertThat(deleted.statusCode()).isEqualTo(204);
            JsonNode events = JSON.readTree(get(base, "/local/events", Map.of()).body());
            assertThat(events.get(0).path("type").asText()).isEqualTo("user.deleted");
            assertThat(events.get(0).path("subject").asText()).isEqualTo(session.path("user").path("id").asText());
        }
    }

    @Test
    void data_and_the_signing_key_survive_a_restart() throws Exception {
        String accessToken;
        try (LocalPlatform first = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.of(dataDir),
                Optional.empty()))) {
            URI base = first.baseUrl();
            post(base, "/auth/signup", "{\"email\":\"keep@example.com\",\"username\":\"keeper\","
                    + "\"password\":\"correct horse battery staple\"}", Map.of());
            String link = JSON.readTree(get(base, "/local/outbox", Map.of()).body()).get(0).path("links").get(0)
                    .asText();
            openLinkAndPressTheButton(link);
            accessToken = JSON.readTree(post(base, "/auth/login",
                    "{\"login\":\"keeper\",\"password\":\"correct horse battery staple\"}", Map.of()).body())
                    .path("access_token").asText();
        }
        try (LocalPlatform second = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.of(dataDir),
                Optional.empty()))) {
            URI base = second.baseUrl();
            assertThat(get(base, "/auth/session", Map.of("Authorization", "Bearer " + accessToken)).statusCode())
                    .isEqualTo(200);
            assertThat(post(base, "/auth/login",
                    "{\"login\":\"keeper\",\"password\":\"correct horse battery staple\"}", Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void cloud_credentials_are_kept_encrypted_in_dynamodb_local_and_removed_with_their_user() throws Exception {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        try (LocalAwsServer aws = new LocalAwsServer();
             LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.of(dataDir),
                     Optional.empty(), Map.of("skyport.aws.endpoints.sts", aws.endpoint().toString(),
                     "skyport.aws.endpoints.s3", aws.endpoint().toString())))) {
            URI base = platform.baseUrl();
            String bearer = "Bearer " + signedIn(base, "cloud@example.com", "cloud-user").path("access_token").asText();

            HttpResponse<String> connected = post(base, "/cloud-accounts", "{\"name\":\"Prod\",\"provider\":\"aws\","
                    + "\"environment\":\"prod\",\"credentials\":{\"access_key_id\":\"" + LocalAwsServer.GOOD_KEY
                    + "\",\"secret_access_key\":\"" + secret + "\"}}", Map.of("Authorization", bearer));
            assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);
            String id = JSON.readTree(connected.body()).path("id").asText();
            assertThat(get(base, "/cloud-accounts/" + id + "/buckets", Map.of("Authorization", bearer)).body())
                    .contains("tf-state-prod");

            String everything = everyItem(platform);
            assertThat(everything).doesNotContain(secret).contains("SECRET#cloud-accounts/").contains("ciphertext");

            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(base.resolve("/me"))
                    .header("Authorization", bearer).header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(
                            "{\"password\":\"correct horse battery staple\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(JSON.readTree(get(base, "/cloud-accounts", Map.of("Authorization", bearer)).body())
                    .path("accounts")).isEmpty();
            assertThat(everyItem(platform)).doesNotContain("SECRET#cloud-accounts/").doesNotContain(id);
        }
    }

    @Test
    void no_password_token_key_or_cloud_secret_reaches_any_log_line() throws Exception {
        String password = "correct horse battery staple";
        String wrongPassword = "wrong horse battery staple";
        String newPassword = "a brand new horse battery staple";
        String cloudSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger skyport = (Logger) LoggerFactory.getLogger("dev.skyport");
        Level rootLevel = root.getLevel();
        Level skyportLevel = skyport.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        // At least as much as production logs (INFO everywhere), and Skyport's own debug lines too.
        root.setLevel(Level.INFO);
        skyport.setLevel(Level.DEBUG);
        List<String> secrets = new ArrayList<>(List.of(password, wrongPassword, newPassword, cloudSecret));
        try (LocalAwsServer aws = new LocalAwsServer();
             LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(freePort(), Optional.of(dataDir),
                     Optional.empty(), Map.of("skyport.aws.endpoints.sts", aws.endpoint().toString(),
                     "skyport.aws.endpoints.s3", aws.endpoint().toString())))) {
            URI base = platform.baseUrl();
            assertThat(post(base, "/auth/signup", "{\"email\":\"logs@example.com\",\"username\":\"logger\","
                    + "\"password\":\"" + password + "\"}", Map.of()).statusCode()).isEqualTo(202);
            String link = JSON.readTree(get(base, "/local/outbox", Map.of()).body()).get(0).path("links").get(0)
                    .asText();
            secrets.add(link.substring(link.indexOf("token=") + "token=".length()));
            openLinkAndPressTheButton(link);

            assertThat(post(base, "/auth/login", "{\"login\":\"logger\",\"password\":\"" + wrongPassword + "\"}",
                    Map.of()).statusCode()).isEqualTo(401);
            JsonNode session = JSON.readTree(post(base, "/auth/login",
                    "{\"login\":\"logger\",\"password\":\"" + password + "\"}", Map.of()).body());
            JsonNode renewed = JSON.readTree(post(base, "/auth/refresh",
                    "{\"refresh_token\":\"" + session.path("refresh_token").asText() + "\"}", Map.of()).body());
            String bearer = "Bearer " + renewed.path("access_token").asText();
            HttpResponse<String> changed = post(base, "/me/password", "{\"current_password\":\"" + password
                    + "\",\"new_password\":\"" + newPassword + "\"}", Map.of("Authorization", bearer));
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            JsonNode afterChange = JSON.readTree(changed.body());
            String newBearer = "Bearer " + afterChange.path("access_token").asText();
            HttpResponse<String> connected = post(base, "/cloud-accounts", "{\"name\":\"Prod\",\"provider\":\"aws\","
                    + "\"environment\":\"prod\",\"credentials\":{\"access_key_id\":\"" + LocalAwsServer.GOOD_KEY
                    + "\",\"secret_access_key\":\"" + cloudSecret + "\"}}", Map.of("Authorization", newBearer));
            assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);
            // A refused secret is logged about, if at all, without its value.
            assertThat(post(base, "/cloud-accounts", "{\"name\":\"Bad\",\"provider\":\"aws\",\"environment\":"
                    + "\"dev\",\"credentials\":{\"access_key_id\":\"AKIAREFUSEDREFUSED00\",\"secret_access_key\":\""
                    + cloudSecret + "-refused\"}}", Map.of("Authorization", newBearer)).statusCode()).isBetween(400, 499);

            for (JsonNode tokens : List.of(session, renewed, afterChange)) {
                secrets.add(tokens.path("access_token").asText());
                secrets.add(tokens.path("refresh_token").asText());
            }
            for (var key : com.nimbusds.jose.jwk.JWKSet.parse(Files.readString(dataDir.resolve("signing-keys.json")))
                    .getKeys()) {
                secrets.add(((com.nimbusds.jose.jwk.ECKey) key).getD().toString());
            }
            secrets.add(Files.readString(dataDir.resolve("secrets-key")).strip());
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            skyport.setLevel(skyportLevel);
        }

        assertThat(secrets).allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(12));
        assertThat(captured.list).as("log events captured while the flows ran").isNotEmpty();
        for (ILoggingEvent event : captured.list) {
            String everything = String.join("\n", event.getMessage(), event.getFormattedMessage(),
                    String.valueOf(event.getMDCPropertyMap()), Arrays.deepToString(event.getArgumentArray()),
                    event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(everything).as("a %s line of %s", event.getLevel(), event.getLoggerName())
                        .doesNotContain(secret);
            }
        }
    }

    private JsonNode signedIn(URI base, String email, String username) throws Exception {
        post(base, "/auth/signup", "{\"email\":\"" + email + "\",\"username\":\"" + username
                + "\",\"password\":\"correct horse battery staple\"}", Map.of());
        JsonNode outbox = JSON.readTree(get(base, "/local/outbox", Map.of()).body());
        for (JsonNode mail : outbox) {
            if (mail.path("to").asText().equals(email)) {
                openLinkAndPressTheButton(mail.path("links").get(0).asText());
                break;
            }
        }
        return JSON.readTree(post(base, "/auth/login", "{\"login\":\"" + username
                + "\",\"password\":\"correct horse battery staple\"}", Map.of()).body());
    }

    private static String everyItem(LocalPlatform platform) {
        DynamoDbClient dynamoDb = platform.context().getBean(DynamoDbClient.class);
        StringBuilder all = new StringBuilder();
        for (String table : dynamoDb.listTables().tableNames()) {
            dynamoDb.scan(b -> b.tableName(table)).items().forEach(item -> all.append(item).append('\n'));
        }
        return all.toString();
    }

    @Test
    void options_come_from_arguments_and_environment() {
        LocalPlatform.Options defaults = LocalPlatform.Options.parse(new String[0], Map.of());
        assertThat(defaults.port()).isEqualTo(8080);
        assertThat(defaults.dataDir()).contains(Path.of(".skyport"));
        assertThat(defaults.awsEndpoint()).isEmpty();
        assertThat(defaults.simulatedCloud()).as("a newcomer needs no cloud credentials").isTrue();
        assertThat(LocalPlatform.Options.parse(new String[] {"--cloud", "real"}, Map.of()).simulatedCloud()).isFalse();
        assertThat(LocalPlatform.Options.parse(new String[0], Map.of("SKYPORT_CLOUD", "real")).simulatedCloud())
                .isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalPlatform.Options.parse(
                new String[] {"--cloud", "pretend"}, Map.of())).hasMessageContaining("simulated or real");

        LocalPlatform.Options custom = LocalPlatform.Options.parse(new String[] {"--port", "9090", "--in-memory"},
                Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"));
        assertThat(custom.port()).isEqualTo(9090);
        assertThat(custom.dataDir()).isEmpty();
        assertThat(custom.awsEndpoint()).contains(URI.create("http://localhost:4566"));

        LocalPlatform.Options secrets = LocalPlatform.Options.parse(new String[] {"--secrets-endpoint",
                "http://localhost:4566"}, Map.of());
        assertThat(secrets.overrides()).containsEntry("skyport.aws.endpoints.secretsmanager", "http://localhost:4566");
        assertThat(LocalPlatform.Options.parse(new String[0], Map.of("SKYPORT_AWS_ENDPOINTS_SECRETSMANAGER",
                "http://localhost:4566")).overrides()).containsKey("skyport.aws.endpoints.secretsmanager");
    }

    private HttpResponse<String> post(URI base, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a person does with the verification mail: opens the link (a page), then presses its button. */
    private HttpResponse<String> openLinkAndPressTheButton(String link) throws IOException, InterruptedException {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String token = link.substring(link.indexOf("token=") + "token=".length());
        HttpResponse<String> verified = http.send(HttpRequest.newBuilder(URI.create(link).resolve("/auth/verify"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        return verified;
    }

    private HttpResponse<String> get(URI base, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }


    private HttpResponse<String> deleteMe(URI base, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/me"))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(
                        "{\"password\":\"correct horse battery staple\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
