package dev.skyport.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Started by {@link ShadedJar} in a JVM whose classpath is a shaded Lambda jar and this class only: builds the
 * handler the way the Lambda runtime does (no-argument constructor) and sends one GET request twice (request ids
 * {@code probe-request-1} and {@code -2}). A query string after {@code ?} in the path is passed on.
 * Arguments: the handler class, the path. An {@code Authorization} header is sent when the environment variable
 * {@code SKYPORT_PROBE_AUTHORIZATION} holds one (an empty value sends none), and the request is a POST of
 * {@code SKYPORT_PROBE_BODY} when that is set (the probe's own settings: the function never reads them).
 * {@code event:<file>} in place of the path sends that JSON event once instead (see {@link #sample}).
 */
public final class ShadedJarProbe {

    /** Printed once the handler is built, before its first invocation ({@link FirstRequestClasses} reads it). */
    static final String FIRST_INVOKE = "probe first_invoke=start";

    private ShadedJarProbe() {
    }

    private static Map<String, String> headers() {
        String authorization = System.getenv("SKYPORT_PROBE_AUTHORIZATION");
        Map<String, String> headers = new LinkedHashMap<>(Map.of("host", "api.skyport.example"));
        if (authorization != null && !authorization.isEmpty()) {
            headers.put("authorization", authorization);
        }
        if (body() != null) {
            headers.put("content-type", "application/json");
        }
        return headers;
    }

    /** A JSON body from {@code SKYPORT_PROBE_BODY} (the probe's own setting): the request is then a POST. */
    private static String body() {
        return System.getenv("SKYPORT_PROBE_BODY");
    }

    private static String method() {
        return body() == null ? "GET" : "POST";
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        if (args[1].startsWith(SAMPLE)) {
            sample(args[0], Path.of(args[1].substring(SAMPLE.length())));
            return;
        }
        if (args[1].startsWith("websocket:") || args[1].equals("dynamodb-stream:empty")) {
            event(args[0], args[1]);
            return;
        }
        long start = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        String path = args[1].contains("?") ? args[1].substring(0, args[1].indexOf('?')) : args[1];
        String query = args[1].contains("?") ? args[1].substring(args[1].indexOf('?') + 1) : "";
        long initialised = System.nanoTime();
        InvokeCpuShare.enter();
        System.out.println(FIRST_INVOKE);
        long firstAnswered = initialised;
        try {
            // Twice, as two invocations of one Lambda sandbox: the first is the cold start.
            for (int invocation = 1; invocation <= 2; invocation++) {
                APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                        .withVersion("2.0")
                        .withRouteKey(method() + " " + path)
                        .withBody(body())
                        .withRawPath(path)
                        .withRawQueryString(query)
                        .withQueryStringParameters(parameters(query))
                        .withHeaders(headers())
                        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                        .withMethod(method()).withPath(path).withProtocol("HTTP/1.1")
                                        .withSourceIp("127.0.0.1").build())
                                .withStage("$default").build())
                        .build();
                String requestId = "probe-request-" + invocation;
                APIGatewayV2HTTPResponse response = ((RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                        handler).handleRequest(event, new MockLambdaContext() {
                            @Override
                            public String getAwsRequestId() {
                                return requestId;
                            }
                        });
                if (invocation == 1) {
                    firstAnswered = System.nanoTime();
                }
                System.out.println("status=" + response.getStatusCode());
                System.out.println("body=" + response.getBody());
            }
            // Figures for the cold-start comparison: handler built, first invocation, classes loaded.
            ProbeFigures.print(start, initialised, firstAnswered);
        } finally {
            if (handler instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /**
     * For the event functions: {@code websocket:<route>} sends a WebSocket API event of that route (with a ping as
     * its body), {@code dynamodb-stream:empty} a DynamoDB stream batch without records. No Lambda context is passed:
     * these jars carry no mock of it, and the handlers do without.
     */
    @SuppressWarnings("unchecked")
    private static void event(String handlerClass, String kind) throws Exception {
        long start = System.nanoTime();
        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        long initialised = System.nanoTime();
        InvokeCpuShare.enter();
        System.out.println(FIRST_INVOKE);
        try {
            if (kind.startsWith("websocket:")) {
                APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
                APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
                context.setRouteKey(kind.substring("websocket:".length()));
                context.setConnectionId("probe-connection=");
                event.setRequestContext(context);
                event.setBody("{\"type\":\"ping\"}");
                APIGatewayV2WebSocketResponse response = ((RequestHandler<APIGatewayV2WebSocketEvent,
                        APIGatewayV2WebSocketResponse>) handler).handleRequest(event, null);
                System.out.println("status=" + response.getStatusCode());
                System.out.println("body=" + response.getBody());
            } else {
                DynamodbEvent batch = new DynamodbEvent();
                batch.setRecords(List.of());
                StreamsEventResponse response = ((RequestHandler<DynamodbEvent, StreamsEventResponse>) handler)
                        .handleRequest(batch, null);
                System.out.println("batch_item_failures=" + response.getBatchItemFailures().size());
            }
            ProbeFigures.print(start, initialised, System.nanoTime());
        } finally {
            if (handler instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** {@code event:<file>}: the handler gets the event in that JSON file, read as the Lambda runtime reads it. */
    static final String SAMPLE = "event:";

    /**
     * Reads the file into the handler's input type with the Lambda Java runtime's own deserializer (which
     * {@link ShadedJar} puts beside the jar, as the runtime is in AWS), invokes the handler once without a Lambda
     * context and prints its answer as the runtime would send it back ({@code response=<json>}).
     */
    @SuppressWarnings("unchecked")
    private static void sample(String handlerClass, Path file) throws Exception {
        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        ClassLoader loader = handler.getClass().getClassLoader();
        try (InputStream json = Files.newInputStream(file)) {
            Object event = LambdaEventSerializers.serializerFor(inputType(handler.getClass()), loader).fromJson(json);
            Object response = ((RequestHandler<Object, Object>) handler).handleRequest(event, null);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            if (response != null) {
                LambdaEventSerializers.serializerFor((Class<Object>) response.getClass(), loader)
                        .toJson(response, answer);
            }
            System.out.println("response=" + (response == null ? "null" : answer.toString(StandardCharsets.UTF_8)));
        } finally {
            if (handler instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** The {@code I} of the {@code RequestHandler<I, O>} the handler class (or a superclass) implements. */
    private static Class<Object> inputType(Class<?> handler) {
        for (Class<?> type = handler; type != null; type = type.getSuperclass()) {
            // Declared by a superclass (MicronautRequestHandler<I, O>) or by the class itself (the API Gateway
            // functions implement RequestHandler<APIGatewayV2HTTPEvent, ...> directly).
            List<Type> declared = new ArrayList<>(List.of(type.getGenericInterfaces()));
            if (type.getSuperclass() != null && RequestHandler.class.isAssignableFrom(type.getSuperclass())) {
                declared.add(0, type.getGenericSuperclass());
            }
            for (Type supertype : declared) {
                if (!(supertype instanceof ParameterizedType generic)
                        || !(generic.getRawType() instanceof Class<?> owner && RequestHandler.class.isAssignableFrom(owner))) {
                    continue;
                }
                Type input = generic.getActualTypeArguments()[0];
                if (input instanceof ParameterizedType parameterized) { // Map<String, Object>: the runtime reads a Map
                    input = parameterized.getRawType();
                }
                if (input instanceof Class<?> raw) {
                    return (Class<Object>) raw;
                }
            }
        }
        throw new IllegalArgumentException(handler + " declares no RequestHandler input type");
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                parameters.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        return parameters;
    }
}
