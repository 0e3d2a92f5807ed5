package dev.skyport.platform.aws;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;
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

/**
 * The AWS clients every function uses (DynamoDB, Secrets Manager), each honouring the endpoint overrides of
 * {@link AwsSettings}. Clients of services only some functions use live in their own factories, which exist only
 * where the function's jar carries that SDK module ({@link MessagingClientFactory}).
 */
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
        return settings.staticCredentials().<AwsCredentialsProvider>map(StaticCredentialsProvider::create)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    @Singleton
    DynamoDbClient dynamoDb(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return configure(DynamoDbClient.builder(), "dynamodb", credentials).httpClient(http).build();
    }

    @Singleton
    SecretsManagerClient secretsManager(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return configure(SecretsManagerClient.builder(), "secretsmanager", credentials).httpClient(http).build();
    }

    /** The common settings of every client: region, credentials, time limit, endpoint override. */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service, AwsCredentialsProvider credentials) {
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(20)).build());
        settings.endpointFor(service).ifPresent(builder::endpointOverride);
        return builder;
    }
}
