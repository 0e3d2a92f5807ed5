package dev.skyport.platform.aws;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SES, SNS and SQS clients, made only in functions whose jar carries those SDK modules (the platform declares them
 * optional): a function that sends no mail neither loads nor builds an SES client.
 */
@Factory
public class MessagingClientFactory {

    private final AwsClientFactory clients;

    public MessagingClientFactory(AwsClientFactory clients) {
        this.clients = clients;
    }

    @Singleton
    @Requires(classes = SesV2Client.class)
    SesV2Client ses(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return clients.configure(SesV2Client.builder(), "ses", credentials).httpClient(http).build();
    }

    @Singleton
    @Requires(classes = SnsClient.class)
    SnsClient sns(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return clients.configure(SnsClient.builder(), "sns", credentials).httpClient(http).build();
    }

    @Singleton
    @Requires(classes = SqsClient.class)
    SqsClient sqs(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return clients.configure(SqsClient.builder(), "sqs", credentials).httpClient(http).build();
    }
}
