package dev.skyport.clusters.adapter.stepfunctions;

import dev.skyport.platform.aws.AwsClientFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The Step Functions and CloudWatch Logs clients, made only where runs go to AWS. */
@Factory
public class ClustersClientFactory {

    private final AwsClientFactory clients;

    public ClustersClientFactory(AwsClientFactory clients) {
        this.clients = clients;
    }

    @Singleton
    @Requires(property = WorkflowSettings.STATE_MACHINE_ARN)
    SfnClient stepFunctions(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return clients.configure(SfnClient.builder(), "sfn", credentials).httpClient(http).build();
    }

    @Singleton
    @Requires(property = WorkflowSettings.LOG_GROUP)
    CloudWatchLogsClient cloudWatchLogs(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return clients.configure(CloudWatchLogsClient.builder(), "logs", credentials).httpClient(http).build();
    }
}
