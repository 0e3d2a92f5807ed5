package dev.skyport.cloudaccounts.adapter.gcp;

import com.google.api.gax.paging.Page;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.skyport.cloudaccounts.adapter.ProviderSettings;
import dev.skyport.cloudaccounts.application.CloudVerifier;
import dev.skyport.cloudaccounts.domain.Bucket;
import dev.skyport.cloudaccounts.domain.CloudCredentials;
import dev.skyport.cloudaccounts.domain.CloudCredentials.GcpServiceAccount;
import dev.skyport.cloudaccounts.domain.CloudProvider;
import dev.skyport.cloudaccounts.domain.CloudVerificationException;
import dev.skyport.cloudaccounts.domain.CloudVerificationException.Cause;
import dev.skyport.cloudaccounts.domain.VerifiedAccount;
import dev.skyport.kernel.DomainException;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * token endpoint or universe than Google's is refused before anything is sent.
 */
@Singleton
public class StorageCloudVerifier implements CloudVerifier {

    /** The token endpoint and universe of every key Google issues. */
    static final URI GOOGLE_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");
    static final String GOOGLE_UNIVERSE = "googleapis.com";

    private static final Pattern OAUTH_ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([a-z_]+)\"");

    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();

    private final ProviderSettings settings;

    public StorageCloudVerifier(ProviderSettings settings) {
        this.settings = settings;
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.GCP;
    }

    @Override
    public VerifiedAccount verify(CloudCredentials credentials, String externalId) {
        ServiceAccountCredentials key = parse(credentials);
        listBuckets(key, 1);
        return new VerifiedAccount(Map.of("project_id", key.getProjectId(), "client_email", key.getClientEmail()),
                Map.of("client_email", key.getClientEmail(), "project_id", key.getProjectId()));
    }

    @Override
    public List<Bucket> buckets(CloudCredentials credentials, String externalId) {
        return listBuckets(parse(credentials), 1000);
    }

    private ServiceAccountCredentials parse(CloudCredentials credentials) {
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
                .setScopes(List.of("https://www.googleapis.com/auth/devstorage.read_only"))
                .setDefaultRetriesEnabled(false)
                .setTokenServerUri(settings.getGcpTokenUri().orElse(GOOGLE_TOKEN_URI))
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
        Future<List<Bucket>> call = CALLS.submit(() -> listBucketsNow(key, pageSize));
        try {
            return call.get(settings.getTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
        int millis = (int) settings.getTimeout().toMillis();
        StorageOptions options = StorageOptions.http()
                .setProjectId(key.getProjectId())
                .setCredentials(key)
                .setHost(settings.getGcpStorageHost().toString())
                .setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(millis)
                        .setReadTimeout(millis).build())
                .setRetrySettings(ServiceOptions.getNoRetrySettings())
                .build();
        try (Storage storage = options.getService()) {
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
