package dev.skyport.accounts.adapter.s3;

import dev.skyport.audit.config.AuditArchiveSettings;
import dev.skyport.platform.aws.AwsClientFactory;
import dev.skyport.platform.aws.AwsSettings;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * The audit archive's objects in S3. The bucket has Object Lock on, with a default retention in compliance mode
 * (infra-cdk's {@code AuditArchiveBucket}): every version written is kept, unchangeable and undeletable by anyone, root
 * included, until its retention ends. Writing the same key again (a batch retried) makes a new version beside the
 * first; after an ambiguous failure an entry may be only in an older version, so readers read every version and
 * keep one line per entry id.
 * <p>
 * S3 refuses a PutObject into an Object Lock bucket that carries no integrity checksum: each object is sent with its
 * SHA-256 ({@code x-amz-checksum-sha256}), which S3 checks against what it received. Only the archive's jar
 * ({@code skyport-accounts-archive-lambda.jar}) carries the S3 client; the API's leaves it out.
 */
@Singleton
@Requires(property = AuditArchiveSettings.BUCKET)
@Requires(classes = S3Client.class)
public class S3AuditArchive implements AutoCloseable {

    /** The objects' media type: JSON lines, the audit export's format. */
    public static final String JSON_LINES = "application/jsonl";

    private final S3Client s3;
    private final String bucket;

    public S3AuditArchive(AuditArchiveSettings settings, AwsSettings aws, AwsClientFactory clients,
                          SdkHttpClient http, AwsCredentialsProvider credentials) {
        this.bucket = settings.bucket();
        this.s3 = clients.configure(S3Client.builder(), "s3", credentials).httpClient(http)
                // Emulators answer on one host: the bucket goes in the path there.
                .forcePathStyle(aws.endpointFor("s3").isPresent())
                .build();
    }

    /** Writes {@code jsonLines} under {@code key}. */
    public void keep(String key, String jsonLines) {
        byte[] body = jsonLines.getBytes(StandardCharsets.UTF_8);
        s3.putObject(put -> put.bucket(bucket).key(key).contentType(JSON_LINES)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(sha256(body)),
                RequestBody.fromBytes(body));
    }

    private static String sha256(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    @PreDestroy
    public void close() {
        s3.close();
    }
}
