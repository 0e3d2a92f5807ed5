package dev.skyport.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skyport.simulated.LoopbackHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server speaking S3's REST protocol (path style) for buckets with versioning and Object Lock on, as the
 * audit archive's bucket is. It refuses what S3 refuses there:
 * <ul>
 *   <li>a request without a SigV4 {@code Authorization} header (403 AccessDenied);</li>
 *   <li>a bucket that does not exist (404 NoSuchBucket);</li>
 *   <li>a PutObject with neither {@code Content-MD5} nor an {@code x-amz-checksum-*} header (400 InvalidRequest: Object
 *       Lock buckets require one), or whose SHA-256 or MD5 is not the body's (400 BadDigest);</li>
 *   <li>a DeleteObject of a version, which compliance-mode retention protects (403 AccessDenied); a delete without a
 *       version only adds a delete marker, as S3 does, and every version stays.</li>
 * </ul>
 * Every PutObject makes a new version. {@link #failNext} makes the next calls answer 503 SlowDown, as S3 does under
 * pressure.
 */
public final class LocalS3Server implements AutoCloseable {

    private final HttpServer server = LoopbackHttp.server();
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    /** Bucket/key to the bodies of its versions, oldest first. */
    private final Map<String, List<byte[]>> versions = new ConcurrentHashMap<>();
    private final AtomicInteger failing = new AtomicInteger();
    /** Bucket/key to the integrity headers of its versions' PutObjects ({@code x-amz-checksum-sha256}, ...). */
    private final Map<String, List<Set<String>>> checksums = new ConcurrentHashMap<>();

    /** A server with {@code lockedBuckets} made, each with versioning and Object Lock on. */
    public LocalS3Server(String... lockedBuckets) {
        buckets.addAll(List.of(lockedBuckets));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** The next {@code calls} requests answer 503 SlowDown. */
    public void failNext(int calls) {
        failing.set(calls);
    }

    /** The keys of {@code bucket} that have a version, in key order. */
    public List<String> keys(String bucket) {
        return new TreeMap<>(versions).keySet().stream().filter(key -> key.startsWith(bucket + "/"))
                .map(key -> key.substring(bucket.length() + 1)).toList();
    }

    /** The bodies of every version of {@code key}, oldest first, as UTF-8 text. */
    public List<String> versions(String bucket, String key) {
        return versions.getOrDefault(bucket + "/" + key, List.of()).stream()
                .map(body -> new String(body, StandardCharsets.UTF_8)).toList();
    }

    /** The integrity headers each PutObject of {@code key} carried, oldest version first (lower case). */
    public List<Set<String>> checksumHeaders(String bucket, String key) {
        return checksums.getOrDefault(bucket + "/" + key, List.of());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            String[] parts = path.substring(1).split("/", 2);
            String bucket = parts[0];
            String key = parts.length > 1 ? parts[1] : "";
            byte[] body = body(exchange);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
                error(exchange, 403, "AccessDenied", "Access Denied");
            } else if (failing.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                error(exchange, 503, "SlowDown", "Please reduce your request rate.");
            } else if (!buckets.contains(bucket)) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist");
            } else if (key.isEmpty()) {
                error(exchange, 400, "InvalidRequest", "only object operations are spoken here");
            } else {
                switch (exchange.getRequestMethod()) {
                    case "PUT" -> put(exchange, bucket + "/" + key, body);
                    case "DELETE" -> delete(exchange);
                    default -> error(exchange, 405, "MethodNotAllowed",
                            "The specified method is not allowed against this resource.");
                }
            }
        }
    }

    private void put(HttpExchange exchange, String object, byte[] body) throws IOException {
        String md5 = exchange.getRequestHeaders().getFirst("Content-MD5");
        String sha256 = exchange.getRequestHeaders().getFirst("x-amz-checksum-sha256");
        boolean otherChecksum = exchange.getRequestHeaders().keySet().stream()
                .anyMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-checksum-")
                        && !name.equalsIgnoreCase("x-amz-checksum-sha256"));
        if (md5 == null && sha256 == null && !otherChecksum) {
            error(exchange, 400, "InvalidRequest", "Content-MD5 OR x-amz-checksum- HTTP header is required for Put"
                    + " Object requests with Object Lock parameters");
            return;
        }
        if ((sha256 != null && !sha256.equals(digest("SHA-256", body)))
                || (md5 != null && !md5.equals(digest("MD5", body)))) {
            error(exchange, 400, "BadDigest", "The digest you specified did not match what we received.");
            return;
        }
        List<byte[]> kept = versions.computeIfAbsent(object, key -> java.util.Collections.synchronizedList(
                new ArrayList<>()));
        kept.add(body);
        checksums.computeIfAbsent(object, key -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(exchange.getRequestHeaders().keySet().stream().map(name -> name.toLowerCase(java.util.Locale.ROOT))
                        .filter(name -> name.startsWith("x-amz-checksum-") || name.equals("content-md5"))
                        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        exchange.getResponseHeaders().add("ETag", "\"" + digest("MD5", body) + "\"");
        exchange.getResponseHeaders().add("x-amz-version-id", "v" + kept.size());
        if (sha256 != null) {
            exchange.getResponseHeaders().add("x-amz-checksum-sha256", sha256);
        }
        exchange.sendResponseHeaders(200, -1);
    }

    private void delete(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && LoopbackHttp.decode(query).containsKey("versionId")) {
            error(exchange, 403, "AccessDenied", "Access Denied because object protected by object lock.");
            return;
        }
        exchange.getResponseHeaders().add("x-amz-delete-marker", "true");
        exchange.sendResponseHeaders(204, -1);
    }

    /** The request's body; an {@code aws-chunked} one (a streamed upload) decoded to its data. */
    private static byte[] body(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestHeaders().getFirst("x-amz-decoded-content-length") == null) {
            return raw;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int at = 0;
        while (at < raw.length) {
            int lineEnd = indexOfCrLf(raw, at);
            String header = new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                break; // trailers follow; the checksum headers this server checks come as headers
            }
            data.write(raw, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return data.toByteArray();
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }

    private static String digest(String algorithm, byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        LoopbackHttp.answer(exchange, status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Error><Code>" + code + "</Code><Message>" + message + "</Message><RequestId>local</RequestId>"
                + "</Error>");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
