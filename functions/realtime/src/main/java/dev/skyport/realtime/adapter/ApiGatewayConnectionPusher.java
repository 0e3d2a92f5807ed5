package dev.skyport.realtime.adapter;

import dev.skyport.notifications.application.ConnectionPusher;
import dev.skyport.notifications.config.NotificationsFactory;
import dev.skyport.platform.aws.AwsClientFactory;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Pushes to WebSocket connections through API Gateway's Management API ({@code PostToConnection}) at the WebSocket
 * API's callback URL ({@code https://<api>.execute-api.<region>.amazonaws.com/<stage>}), and closes them
 * ({@code DeleteConnection}). A 410 Gone is a closed connection.
 */
@Singleton
@Requires(property = ApiGatewayConnectionPusher.CALLBACK_URL)
public class ApiGatewayConnectionPusher implements ConnectionPusher {

    public static final String CALLBACK_URL = NotificationsFactory.REALTIME_CALLBACK_URL;

    private final ApiGatewayManagementApiClient api;

    public ApiGatewayConnectionPusher(AwsClientFactory clients, SdkHttpClient http,
                                      AwsCredentialsProvider credentials, RealtimeSettings settings) {
        this.api = clients.configure(ApiGatewayManagementApiClient.builder(), "apigatewaymanagementapi", credentials)
                .endpointOverride(settings.callbackUrl()).httpClient(http).build();
    }

    @Override
    public Delivery push(String connectionId, String message) {
        try {
            api.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(message)));
            return Delivery.DELIVERED;
        } catch (GoneException closed) {
            return Delivery.GONE;
        }
    }

    @Override
    public void disconnect(String connectionId) {
        try {
            api.deleteConnection(b -> b.connectionId(connectionId));
        } catch (GoneException closedAlready) {
            // what was asked
        }
    }

    @PreDestroy
    void close() {
        api.close();
    }
}
