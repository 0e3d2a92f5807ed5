package dev.skyport.clusters.adapter.s3;

import dev.skyport.clusters.adapter.ecs.RunBrokerSettings;
import dev.skyport.clusters.application.PlanFiles;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.platform.aws.AwsSettings;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Plan files in the plans bucket ({@code skyport.clusters.run-broker.plans-bucket}, KMS-encrypted by default,
 * expiring with the plans), reached through presigned URLs: signed here with the run broker's role, valid for
 * {@link #VALID} and for one object and one method, so a task needs no S3 permission of its own. (A URL signed with
 * a role's temporary credentials also ends when they do: each is made right before the task uses it.)
 */
@Singleton
@Requires(property = RunBrokerSettings.PLANS_BUCKET)
public class S3PlanFiles implements PlanFiles, AutoCloseable {

    /** Long enough to move a plan file of a few megabytes; short, as whoever holds a URL may use it. */
    static final Duration VALID = Duration.ofMinutes(5);

    private final S3Presigner presigner;
    private final String bucket;

    public S3PlanFiles(RunBrokerSettings settings, AwsSettings aws, AwsCredentialsProvider credentials) {
        this.bucket = settings.plansBucket();
        S3Presigner.Builder builder = S3Presigner.builder().region(Region.of(aws.region()))
                .credentialsProvider(credentials);
        aws.endpointFor("s3").ifPresent(endpoint -> builder.endpointOverride(endpoint)
                // Emulators answer on one host: the bucket goes in the path there.
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        this.presigner = builder.build();
    }

    @Override
    public URI uploadUrl(ClusterId cluster, String planRunId) {
        return uri(presigner.presignPutObject(put -> put.signatureDuration(VALID)
                .putObjectRequest(object -> object.bucket(bucket).key(PlanFiles.key(cluster, planRunId))))
                .url().toString());
    }

    @Override
    public URI downloadUrl(ClusterId cluster, String planRunId) {
        return uri(presigner.presignGetObject(get -> get.signatureDuration(VALID)
                .getObjectRequest(object -> object.bucket(bucket).key(PlanFiles.key(cluster, planRunId))))
                .url().toString());
    }

    private static URI uri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("S3 made a URL that is none", e);
        }
    }

    @Override
    @PreDestroy
    public void close() {
        presigner.close();
    }
}
