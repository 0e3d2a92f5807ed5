package dev.skyport.infra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skyport.simulated.LoopbackHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * What a Terraform task meets in AWS before Terraform starts, on loopback: the ECS container credentials endpoint
 * (the task role's session) and the run broker's function URL. The broker accepts a request only as AWS would: signed
 * with SigV4 for {@code lambda} in the region with the task role's credentials and session token, the signature
 * recomputed with the AWS SDK's own signer; and only while the IAM simulation allows the task role to invoke the
 * broker's URL. As the real broker does, it then wants the task's own token in the body, and answers what the test
 * set (a brief, or a refusal); a plan run's {@code "ask": "plan-upload"} gets a URL to put its plan file. The plan
 * files are served as S3 serves a presigned URL: for the one method it was signed for, and only with its signature.
 */
final class LocalRunBroker implements AutoCloseable {

    static final String ACCESS_KEY = "ASIATASKROLE00000001";
    static final String SECRET_KEY = "task-role-secret-key-0000000000000000";
    static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEtaskrolesessiontoken";
    static final String AUTHORIZATION_TOKEN = "container-credentials-authorization";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+),"
                    + " Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final String region;
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private volatile boolean mayInvoke = true;
    private volatile String taskToken = "";
    private volatile int status = 200;
    private volatile String answer = "{}";
    private volatile int briefs;
    /** Plan files by path, and the presigned URL's signature and method each path takes. */
    private final Map<String, byte[]> planFiles = new ConcurrentHashMap<>();
    private final Map<String, String> signatures = new ConcurrentHashMap<>();
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicInteger renewals = new AtomicInteger();
    /** The secret key of a renewed session, followed by its number. */
    static final String RENEWED_SECRET = "renewed-secret-access-key-";

    LocalRunBroker(String region) {
        this.region = region;
        server = LoopbackHttp.server();
        server.createContext("/credentials", this::credentials);
        server.createContext("/plan-files/", this::planFile);
        server.createContext("/", this::brief);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    URI credentialsUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/credentials");
    }

    /** Whether the IAM simulation allows the task role to call the broker's URL. */
    void mayInvoke(boolean allowed) {
        mayInvoke = allowed;
    }

    /** The task token the workflow gave the task: the request must carry it. */
    void taskToken(String token) {
        taskToken = token;
    }

    /** What the broker answers a correctly signed request. */
    void answer(int statusCode, String body) {
        status = statusCode;
        answer = body;
    }

    /** Briefs answered (signed correctly and allowed). */
    int briefs() {
        return briefs;
    }

    /** A saved plan's file kept as if a plan run had put it: answers the presigned URL to GET it. */
    URI savedPlan(byte[] content) {
        String path = "/plan-files/" + files.incrementAndGet() + ".tfplan";
        planFiles.put(path, content);
        return presigned(path, "GET");
    }

    /** The plan file a plan run put, if one did. */
    Optional<byte[]> uploadedPlan() {
        return planFiles.entrySet().stream().filter(file -> file.getKey().startsWith("/plan-files/upload-"))
                .map(Map.Entry::getValue).findFirst();
    }

    private URI presigned(String path, String method) {
        String signature = method.toLowerCase(Locale.ROOT) + "-signature-" + files.incrementAndGet();
        signatures.put(path, method + " " + signature);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path
                + "?X-Amz-Expires=300&X-Amz-Signature=" + signature);
    }

    private void planFile(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        String signed = signatures.getOrDefault(path, "");
        if (!signed.equals(exchange.getRequestMethod() + " " + query.replaceFirst(".*X-Amz-Signature=", ""))) {
            LoopbackHttp.answer(exchange, 403, "application/xml", "<Error><Code>SignatureDoesNotMatch</Code></Error>");
            return;
        }
        if (exchange.getRequestMethod().equals("PUT")) {
            planFiles.put(path, body);
            LoopbackHttp.answer(exchange, 200, "application/xml", "");
        } else if (planFiles.containsKey(path)) {
            exchange.sendResponseHeaders(200, planFiles.get(path).length);
            try (var out = exchange.getResponseBody()) {
                out.write(planFiles.get(path));
            }
        } else {
            LoopbackHttp.answer(exchange, 404, "application/xml", "<Error><Code>NoSuchKey</Code></Error>");
        }
    }

    /** Sessions renewed ({@code "ask": "credentials"}). */
    int renewals() {
        return renewals.get();
    }

    /** Why requests were refused. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void credentials(HttpExchange exchange) throws IOException {
        if (!AUTHORIZATION_TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            LoopbackHttp.answer(exchange, 401, "application/json", "{\"message\":\"no authorization\"}");
            return;
        }
        LoopbackHttp.answer(exchange, 200, "application/json", """
                {"RoleArn":"arn:aws:iam::111111111111:role/TerraformTaskTaskRole","AccessKeyId":"%s",
                 "SecretAccessKey":"%s","Token":"%s","Expiration":"2030-01-01T00:00:00Z"}"""
                .formatted(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN));
    }

    private void brief(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String refusal = refusal(exchange, body);
        if (refusal != null) {
            refusals.add(refusal);
            LoopbackHttp.answer(exchange, 403, "application/json", "{\"Message\":\"Forbidden. " + refusal + "\"}");
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (("{\"task_token\":\"" + taskToken + "\",\"ask\":\"plan-upload\"}").equals(text)) {
            briefs++;
            URI url = presigned("/plan-files/upload-" + files.incrementAndGet() + ".tfplan", "PUT");
            LoopbackHttp.answer(exchange, 200, "application/json", "{\"url\":\"" + url + "\"}");
            return;
        }
        if (("{\"task_token\":\"" + taskToken + "\",\"ask\":\"credentials\"}").equals(text)) {
            int renewal = renewals.incrementAndGet();
            LoopbackHttp.answer(exchange, 200, "application/json", "{\"environment\":{\"AWS_ACCESS_KEY_ID\":\""
                    + "ASIARENEWED%09d".formatted(renewal) + "\",\"AWS_SECRET_ACCESS_KEY\":\"" + RENEWED_SECRET
                    + renewal + "\",\"AWS_SESSION_TOKEN\":\"renewed-session-token-" + renewal
                    + "\",\"AWS_CREDENTIAL_EXPIRATION\":\"" + Instant.now().plusSeconds(3600) + "\"}}");
            return;
        }
        if (!("{\"task_token\":\"" + taskToken + "\"}").equals(text)) {
            LoopbackHttp.answer(exchange, 403, "application/problem+json",
                    "{\"type\":\"https://skyport.dev/problems/not-a-run-task\",\"detail\":\"no task token\"}");
            return;
        }
        briefs++;
        LoopbackHttp.answer(exchange, status, status == 200 ? "application/json" : "application/problem+json",
                answer);
    }

    /** Why AWS would refuse this request before it reaches the function, or null. */
    private String refusal(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher signed = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (signed == null || !signed.matches()) {
            return "not signed with SigV4: " + authorization;
        }
        if (!signed.group(1).equals(ACCESS_KEY) || !signed.group(3).equals(region)
                || !signed.group(4).equals("lambda")) {
            return "signed for " + signed.group(1) + "/" + signed.group(3) + "/" + signed.group(4);
        }
        if (!SESSION_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))) {
            return "no session token";
        }
        String date = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        List<String> signedHeaders = List.of(signed.group(5).split(";"));
        if (date == null || !signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
            return "host and date not signed: " + signedHeaders;
        }
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(
                        exchange.getRequestMethod())).uri(URI.create("http://" + exchange.getRequestHeaders()
                        .getFirst("Host") + exchange.getRequestURI()));
        for (String header : signedHeaders) {
            if (!header.equals("x-amz-security-token")) {
                request.putHeader(header, exchange.getRequestHeaders().getFirst(header));
            }
        }
        Instant at = Instant.from(AMZ_DATE.parse(date));
        SdkHttpRequest expected = AwsV4HttpSigner.create().sign(r -> r
                .request(request.build())
                .payload(() -> new ByteArrayInputStream(body))
                .identity(AwsSessionCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        String expectedAuthorization = expected.firstMatchingHeader("Authorization").orElse("");
        Matcher recomputed = AUTHORIZATION.matcher(expectedAuthorization);
        if (!recomputed.matches() || !recomputed.group(6).equals(signed.group(6))) {
            return "the signature does not match: " + authorization + " vs " + expectedAuthorization;
        }
        if (!mayInvoke) {
            return "the task role may not invoke the function URL (lambda:InvokeFunctionUrl)";
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
