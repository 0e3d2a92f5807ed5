package dev.skyport.platform.aws;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** One client per AWS service, each honouring the endpoint overrides of {@link AwsSettings}. */
@Factory
public class AwsClientFactory {

    private final AwsSettings settings;

    public AwsClientFactory(AwsSettings settings) {
        this.settings = settings;
    }

    @Singleton
    SdkHttpClient awsHttpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Singleton
    AwsCredentialsProvider awsCredentials() {
        if (settings.getAccessKeyId().isPresent() && settings.getSecretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.getAccessKeyId().get(), settings.getSecretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Singleton
    DynamoDbClient dynamoDb(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return configure(DynamoDbClient.builder(), "dynamodb", credentials).httpClient(http).build();
    }

    @Singleton
    SecretsManagerClient secretsManager(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return configure(SecretsManagerClient.builder(), "secretsmanager", credentials).httpClient(http).build();
    }

    @Singleton
    SesV2Client ses(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return configure(SesV2Client.builder(), "ses", credentials).httpClient(http).build();
    }

    @Singleton
    SnsClient sns(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return configure(SnsClient.builder(), "sns", credentials).httpClient(http).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service,
                                                           AwsCredentialsProvider credentials) {
        builder.region(Region.of(settings.getRegion()))
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(20)).build());
        settings.endpointFor(service).ifPresent(builder::endpointOverride);
        return builder;
    }
}
