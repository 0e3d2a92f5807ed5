package dev.skyport.clusters.adapter.scheduler;

import dev.skyport.platform.aws.AwsClientFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/** The EventBridge Scheduler client, made only where the expiry's schedules are kept. */
@Factory
public class SchedulerClientFactory {

    private final AwsClientFactory clients;

    public SchedulerClientFactory(AwsClientFactory clients) {
        this.clients = clients;
    }

    @Singleton
    @Requires(property = ExpiryScheduleSettings.TARGET_ARN)
    SchedulerClient scheduler(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return clients.configure(SchedulerClient.builder(), "scheduler", credentials).httpClient(http).build();
    }
}
