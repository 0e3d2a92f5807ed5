package dev.skyport.cloudaccounts.adapter.gcp;

import com.google.api.gax.paging.Page;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.skyport.cloudaccounts.adapter.ProviderSettings;
import dev.skyport.cloudaccounts.application.CloudPreflight;
import dev.skyport.cloudaccounts.application.CloudVerifier;
import dev.skyport.cloudaccounts.domain.Bucket;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudCredentials.GcpServiceAccount;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.CloudVerificationException.Cause;
import dev.skyport.cloudaccounts.adapter.permissions.PublishedRoles;
import dev.skyport.cloudaccounts.domain.PreflightReport;
import dev.skyport.cloudaccounts.domain.PreflightScope;
import dev.skyport.cloudaccounts.domain.VerifiedAccount;
import dev.skyport.kernel.DomainException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GCP: the key must parse as a service-account key; a token is obtained from Google's token endpoint (never the
 * key's own {@code token_uri}: a key is input a person wrote, and Skyport would POST wherever it points) and Cloud
 * Storage must list the buckets of its project, through the google-cloud-storage client. A key that names another
 * token endpoint or universe than Google's is refused before anything is sent. A run's preflight tests the project's
 * permissions against Skyport's published role ({@code gcp-role.yaml}), whether Skyport may act as the nodes'
 * service account, and the state bucket (there, versioned, public access prevented, its objects writable).
 */
@Singleton
public class StorageCloudVerifier implements CloudVerifier, CloudPreflight {

    /** The token endpoint and universe of every key Google issues. */
    static final URI GOOGLE_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");
    static final String GOOGLE_UNIVERSE = "googleapis.com";

    private static final Pattern OAUTH_ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([a-z_]+)\"");

    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();
    private static final String READ_STORAGE = "https://www.googleapis.com/auth/devstorage.read_only";
    /**
     * What the preflight's token is for: IAM's testIamPermissions on a service account takes no narrower scope
     * (the service account's own IAM roles still decide what it may do).
     */
    private static final String CLOUD = "https://www.googleapis.com/auth/cloud-platform";
    /** A project's id (or a domain-scoped one, {@code example.com:project}), which goes into the APIs' paths. */
    private static final Pattern PROJECT_ID = Pattern.compile("^([a-z0-9.-]{1,63}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$");
    /** A preflight asks more than verification does: tokens, two permission tests, the bucket. */
    private static final int PREFLIGHT_CALLS = 4;
    /** The service account the nodes run as, which the customer makes once (README). */
    static final String NODES_ACCOUNT = "skyport-nodes";
    /** What a run does with its state's objects (Terraform's GCS backend: read, write, lock, list). */
    static final List<String> STATE_PERMISSIONS = List.of("storage.objects.get", "storage.objects.create",
            "storage.objects.delete", "storage.objects.list");
    /** testIamPermissions takes at most 100 permissions at a time. */
    private static final int PER_TEST = 100;

    private final ProviderSettings settings;
    private final JsonMapper json;

    public StorageCloudVerifier(ProviderSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.GCP;
    }

    @Override
    public VerifiedAccount verify(CloudCredentials credentials, String externalId) {
        ServiceAccountCredentials key = parse(credentials, READ_STORAGE);
        listBuckets(key, 1);
        return new VerifiedAccount(Map.of("project_id", key.getProjectId(), "client_email", key.getClientEmail()),
                Map.of("client_email", key.getClientEmail(), "project_id", key.getProjectId()));
    }

    @Override
    public List<Bucket> buckets(CloudCredentials credentials, String externalId) {
        return listBuckets(parse(credentials, READ_STORAGE), 1000);
    }

    @Override
    public PreflightReport preflight(CloudCredentials credentials, String externalId, PreflightScope scope) {
        ServiceAccountCredentials key = parse(credentials, CLOUD);
        if (!PROJECT_ID.matcher(key.getProjectId()).matches()) {
            return PreflightReport.of(PreflightReport.PREREQUISITE_MISSING, "the key's project_id is not a"
                    + " project id");
        }
        return within(settings.timeout().multipliedBy(PREFLIGHT_CALLS), () -> {
            String token;
            try {
                token = key.refreshAccessToken().getTokenValue();
            } catch (IOException e) {
                throw translate(new StorageException(0, e.getMessage(), e));
            }
            String project = key.getProjectId();
            String nodes = NODES_ACCOUNT + "@" + project + ".iam.gserviceaccount.com";
            return tested(token, settings.gcpResourceManagerHost(), "/v3/projects/" + project
                    + ":testIamPermissions", PublishedRoles.gcpPermissions(), "project " + project)
                    .and(tested(token, settings.gcpIamHost(), "/v1/projects/" + project + "/serviceAccounts/"
                            + nodes + ":testIamPermissions", List.of("iam.serviceAccounts.actAs"),
                            "service account " + nodes))
                    .and(stateBucket(key, scope.stateBucket()));
        });
    }

    /**
     * Each of {@code permissions} the token's account does not hold on the resource of {@code path}
     * ({@code testIamPermissions} answers the subset held); a resource that is not there is a finding of its own.
     */
    private PreflightReport tested(String token, URI host, String path, List<String> permissions, String what) {
        Set<String> held = new LinkedHashSet<>();
        for (int from = 0; from < permissions.size(); from += PER_TEST) {
            List<String> batch = permissions.subList(from, Math.min(permissions.size(), from + PER_TEST));
            HttpResponse<String> response = post(token, URI.create(host.toString().replaceAll("/+$", "") + path),
                    Map.of("permissions", batch));
            JsonNode body = read(response.body());
            if (response.statusCode() == 404) {
                return PreflightReport.of(PreflightReport.PREREQUISITE_MISSING, what
                        + " does not exist (or is not visible to the service account)");
            }
            if (response.statusCode() != 200) {
                JsonNode error = body.get("error");
                String message = error != null && error.get("message") != null ? error.get("message").getStringValue()
                        : "answered " + response.statusCode();
                return PreflightReport.of(PreflightReport.PREREQUISITE_MISSING, "Google could not test the"
                        + " permissions on " + what + ": " + message);
            }
            JsonNode granted = body.get("permissions");
            if (granted != null) {
                granted.values().forEach(permission -> held.add(permission.getStringValue()));
            }
        }
        return PreflightReport.missing(permissions.stream().filter(permission -> !held.contains(permission))
                .map(permission -> permission + " on " + what).toList());
    }

    /** The state bucket: there, versioned, public access prevented, and its objects readable and writable. */
    private PreflightReport stateBucket(ServiceAccountCredentials key, String name) {
        try (Storage storage = storage(key)) {
            com.google.cloud.storage.Bucket bucket = storage.get(name);
            if (bucket == null) {
                return PreflightReport.of(PreflightReport.STATE_BUCKET_NOT_FOUND, "bucket " + name
                        + " does not exist");
            }
            List<PreflightReport.Finding> findings = new ArrayList<>();
            if (!Boolean.TRUE.equals(bucket.versioningEnabled())) {
                findings.add(new PreflightReport.Finding(PreflightReport.STATE_BUCKET_UNVERSIONED, "bucket " + name
                        + " keeps no versions: turn object versioning on, so a bad write cannot lose a cluster's"
                        + " state"));
            }
            var iam = bucket.getIamConfiguration();
            if (iam == null || iam.getPublicAccessPrevention()
                    != com.google.cloud.storage.BucketInfo.PublicAccessPrevention.ENFORCED) {
                findings.add(new PreflightReport.Finding(PreflightReport.STATE_BUCKET_PUBLIC, "bucket " + name
                        + " does not enforce public access prevention: the state holds the cluster's secrets"));
            }
            List<Boolean> held = storage.testIamPermissions(name, STATE_PERMISSIONS);
            for (int i = 0; i < STATE_PERMISSIONS.size(); i++) {
                if (!Boolean.TRUE.equals(held.get(i))) {
                    findings.add(new PreflightReport.Finding(PreflightReport.MISSING_PERMISSIONS,
                            STATE_PERMISSIONS.get(i) + " on bucket " + name));
                }
            }
            return new PreflightReport(findings);
        } catch (StorageException e) {
            if (e.getCode() == 403) {
                return PreflightReport.missing(List.of("storage.buckets.get on bucket " + name
                        + " (roles/storage.legacyBucketReader), to check its versioning and public access"));
            }
            if (e.getCode() == 404) {
                return PreflightReport.of(PreflightReport.STATE_BUCKET_NOT_FOUND, "bucket " + name
                        + " does not exist");
            }
            throw translate(e);
        } catch (Exception e) {
            throw translate(new StorageException(0, e.getMessage(), e));
        }
    }

    private HttpResponse<String> post(String token, URI uri, Map<String, ?> body) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
            return http.send(HttpRequest.newBuilder(uri).timeout(settings.timeout())
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new CloudVerificationException(Cause.TIMEOUT, null, "Google did not answer in time");
        } catch (IOException e) {
            throw new CloudVerificationException(Cause.UNREACHABLE, null, "Google could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudVerificationException(Cause.TIMEOUT, null, "interrupted while waiting for Google");
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readValue(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return JsonNode.createObjectNode(Map.of());
        }
    }

    private ServiceAccountCredentials parse(CloudCredentials credentials, String scope) {
        if (!(credentials instanceof GcpServiceAccount account)) {
            throw new IllegalArgumentException("not GCP credentials: " + credentials.provider());
        }
        ServiceAccountCredentials key;
        try {
            key = ServiceAccountCredentials.fromStream(
                    new ByteArrayInputStream(account.json().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw DomainException.invalid("invalid-credentials",
                    "credentials.service_account_json is not a service-account key (type, project_id, client_email,"
                            + " private_key)");
        }
        if (key.getProjectId() == null || key.getProjectId().isBlank()) {
            throw DomainException.invalid("invalid-credentials",
                    "credentials.service_account_json has no project_id");
        }
        if (key.getTokenServerUri() != null && !GOOGLE_TOKEN_URI.equals(key.getTokenServerUri())) {
            throw DomainException.invalid("invalid-credentials",
                    "credentials.service_account_json.token_uri must be " + GOOGLE_TOKEN_URI
                            + " (or absent): Skyport only asks Google for tokens");
        }
        if (!GOOGLE_UNIVERSE.equals(universeOf(key))) {
            throw DomainException.invalid("invalid-credentials",
                    "credentials.service_account_json.universe_domain must be " + GOOGLE_UNIVERSE + " (or absent)");
        }
        // Skyport's own configuration may point at a test or simulated Google; the key never does.
        return key.toBuilder()
                .setScopes(List.of(scope))
                .setDefaultRetriesEnabled(false)
                .setTokenServerUri(settings.gcpTokenEndpoint().orElse(GOOGLE_TOKEN_URI))
                .build();
    }

    private static String universeOf(ServiceAccountCredentials key) {
        try {
            return key.getUniverseDomain();
        } catch (IOException unreadable) {
            return "";
        }
    }

    /**
     * The Google clients take their own time (token retries, 20 s socket defaults); the person waits at most the
     * provider timeout, after which the call is abandoned and its thread interrupted.
     */
    private List<Bucket> listBuckets(ServiceAccountCredentials key, int pageSize) {
        return within(settings.timeout(), () -> listBucketsNow(key, pageSize));
    }

    private <T> T within(Duration limit, Callable<T> work) {
        Future<T> call = CALLS.submit(work);
        try {
            return call.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new CloudVerificationException(Cause.TIMEOUT, null, "Google did not answer in time");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudVerificationException(Cause.TIMEOUT, null, "interrupted while waiting for Google");
        }
    }

    private List<Bucket> listBucketsNow(ServiceAccountCredentials key, int pageSize) {
        try (Storage storage = storage(key)) {
            Page<com.google.cloud.storage.Bucket> page = storage.list(Storage.BucketListOption.pageSize(pageSize));
            List<Bucket> buckets = new ArrayList<>();
            for (com.google.cloud.storage.Bucket bucket : page.getValues()) {
                buckets.add(new Bucket(bucket.getName(), bucket.getLocation() == null ? "" : bucket.getLocation()));
            }
            return buckets;
        } catch (StorageException e) {
            throw translate(e);
        } catch (Exception e) {
            throw translate(new StorageException(0, e.getMessage(), e));
        }
    }

    private Storage storage(ServiceAccountCredentials key) {
        int millis = (int) settings.timeout().toMillis();
        return StorageOptions.http()
                .setProjectId(key.getProjectId())
                .setCredentials(key)
                .setHost(settings.gcpStorageHost().toString())
                .setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(millis)
                        .setReadTimeout(millis).build())
                .setRetrySettings(ServiceOptions.getNoRetrySettings())
                .build()
                .getService();
    }

    static CloudVerificationException translate(StorageException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof SocketTimeoutException) {
            return new CloudVerificationException(Cause.TIMEOUT, null, "Google did not answer in time");
        }
        if (root instanceof ConnectException || root instanceof UnknownHostException) {
            return new CloudVerificationException(Cause.UNREACHABLE, null, "Google could not be reached");
        }
        String message = String.valueOf(e.getMessage()) + " " + root.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        Matcher oauth = OAUTH_ERROR.matcher(message);
        if (oauth.find() || lower.contains("getting access token")) {
            String code = oauth.find(0) ? oauth.group(1) : "invalid_grant";
            if (lower.contains("invalid jwt signature")) {
                return new CloudVerificationException(Cause.WRONG_SECRET, code,
                        "Google does not accept this key's signature (the key was deleted or replaced)");
            }
            if (lower.contains("expired") || lower.contains("disabled")) {
                return new CloudVerificationException(Cause.EXPIRED, code, "the service account or its key is disabled");
            }
            return new CloudVerificationException(Cause.INVALID_CREDENTIALS, code,
                    "Google does not know this service account");
        }
        if (e.getCode() == 401) {
            return new CloudVerificationException(Cause.INVALID_CREDENTIALS, String.valueOf(e.getReason()),
                    "Cloud Storage refused the token");
        }
        if (e.getCode() == 403) {
            return new CloudVerificationException(Cause.MISSING_PERMISSION, String.valueOf(e.getReason()),
                    "the service account may not list the project's buckets (storage.buckets.list)");
        }
        return new CloudVerificationException(Cause.UNREACHABLE, String.valueOf(e.getCode()),
                "Cloud Storage answered unexpectedly");
    }
}
