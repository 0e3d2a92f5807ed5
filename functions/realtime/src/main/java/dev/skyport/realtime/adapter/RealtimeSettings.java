package dev.skyport.realtime.adapter;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;

/**
 * {@code skyport.realtime.*} ({@code SKYPORT_REALTIME_CALLBACK_URL}, set by CDK): the WebSocket stage's callback URL,
 * {@code https://<api>.execute-api.<region>.amazonaws.com/<stage>}, where pushes go.
 */
@ConfigurationProperties("skyport.realtime")
public record RealtimeSettings(@Nullable URI callbackUrl) {

    public RealtimeSettings {
        if (callbackUrl != null && !"https".equals(callbackUrl.getScheme())
                && !"http".equals(callbackUrl.getScheme())) {
            throw new IllegalArgumentException(ApiGatewayConnectionPusher.CALLBACK_URL + " must be an http(s) URL, not "
                    + callbackUrl);
        }
    }
}
