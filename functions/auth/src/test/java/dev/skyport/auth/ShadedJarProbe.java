package dev.skyport.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.util.Map;

/**
 * Started by {@link ShadedJarSmokeIT} in a separate JVM whose classpath is the shaded Lambda jar and this class
 * only: it builds the handler the way the Lambda runtime does and sends one request.
 */
public final class ShadedJarProbe {

    private ShadedJarProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (AuthHandler handler = new AuthHandler()) {
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRouteKey("GET /auth/session")
                    .withRawPath("/auth/session")
                    .withRawQueryString("")
                    .withHeaders(Map.of("host", "api.skyport.example"))
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod("GET").withPath("/auth/session").withProtocol("HTTP/1.1")
                                    .withSourceIp("127.0.0.1").build())
                            .withStage("$default").build())
                    .build();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, new MockLambdaContext());
            System.out.println("status=" + response.getStatusCode());
            System.out.println("body=" + response.getBody());
        }
    }
}
