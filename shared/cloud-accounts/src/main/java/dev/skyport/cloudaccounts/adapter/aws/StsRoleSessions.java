package dev.skyport.cloudaccounts.adapter.aws;

import dev.skyport.cloudaccounts.application.RoleSessions;
import dev.skyport.platform.aws.AwsClientFactory;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** STS AssumeRole with Skyport's own identity (the calling function's role), honouring the STS endpoint override. */
@Singleton
public class StsRoleSessions implements RoleSessions {

    private final io.micronaut.context.BeanProvider<StsClient> sts;

    public StsRoleSessions(io.micronaut.context.BeanProvider<StsClient> sts) {
        this.sts = sts;
    }

    @Override
    public Session assume(String roleArn, String externalId, String sessionName, Duration duration) {
        try {
            Credentials credentials = sts.get().assumeRole(b -> b.roleArn(roleArn).externalId(externalId)
                    .roleSessionName(sessionName).durationSeconds((int) duration.toSeconds())).credentials();
            return new Session(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken(),
                    credentials.expiration());
        } catch (RuntimeException e) {
            throw AwsProviderErrors.translate(e);
        }
    }

    /** The STS client, built when a role is first assumed. */
    @Factory
    static class Clients {

        @Bean
        @Singleton
        StsClient sts(AwsClientFactory clients, SdkHttpClient http, AwsCredentialsProvider credentials) {
            return clients.configure(StsClient.builder(), "sts", credentials).httpClient(http).build();
        }
    }
}
