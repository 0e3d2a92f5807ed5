package dev.skyport.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Started by {@link ShadedJar} in a JVM whose classpath is a shaded Lambda jar and this class only: builds the
 * handler the way the Lambda runtime does (no-argument constructor) and sends one GET request.
 * Arguments: the handler class, the path.
 */
public final class ShadedJarProbe {

    private ShadedJarProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long initialised = System.nanoTime();
        try {
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRouteKey("GET " + args[1])
                    .withRawPath(args[1])
                    .withRawQueryString("")
                    .withHeaders(Map.of("host", "api.skyport.example"))
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod("GET").withPath(args[1]).withProtocol("HTTP/1.1")
                                    .withSourceIp("127.0.0.1").build())
                            .withStage("$default").build())
                    .build();
            APIGatewayV2HTTPResponse response = ((RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler)
                    .handleRequest(event, new MockLambdaContext());
            long answered = System.nanoTime();
            System.out.println("status=" + response.getStatusCode());
            System.out.println("body=" + response.getBody());
            // Figures for the cold-start comparison: JVM start to handler built, first invocation, classes loaded.
            System.out.println("jvm_to_main_ms=" + (System.currentTimeMillis()
                    - ManagementFactory.getRuntimeMXBean().getStartTime() - (answered - start) / 1_000_000));
            System.out.println("init_ms=" + (initialised - start) / 1_000_000);
            System.out.println("first_invoke_ms=" + (answered - initialised) / 1_000_000);
            System.out.println("classes_loaded=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        } finally {
            if (handler instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
