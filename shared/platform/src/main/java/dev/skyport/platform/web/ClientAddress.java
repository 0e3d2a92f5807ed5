package dev.skyport.platform.web;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.core.reflect.ClassUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where a request came from, as the platform saw it: for throttles keyed by client. Never read from a header the
 * client sets ({@code X-Forwarded-For}, {@code Forwarded}, ...), so Micronaut's {@code HttpClientAddressResolver}
 * (which trusts those headers unless {@code micronaut.server.client-address-header} says otherwise) is not used.
 * <ul>
 *   <li>Behind Skyport's CloudFront distribution: the viewer's address, which {@link ViewerAddresses} took from
 *   the distribution (and only from it).</li>
 *   <li>Lambda behind an HTTP API: the event's {@code requestContext.http.sourceIp}, which API Gateway sets from
 *   the connection. (micronaut-function-aws-api-proxy 4.11 does not fill {@link HttpRequest#getRemoteAddress()}
 *   from it: there it is the request URI's host, {@code localhost}.)</li>
 *   <li>The local Netty server: the socket's peer address.</li>
 * </ul>
 * Anything else is {@value #UNKNOWN}, one shared bucket: never an address a client chose.
 */
public record ClientAddress(String value) {

    public static final String UNKNOWN = "unknown";

    private static final boolean LAMBDA_PROXY = ClassUtils.isPresent(
            "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventServletRequest",
            ClientAddress.class.getClassLoader());

    public static ClientAddress of(HttpRequest<?> request) {
        Optional<String> viewer = request.getAttribute(ViewerAddresses.ATTRIBUTE, String.class);
        if (viewer.isPresent()) {
            return new ClientAddress(viewer.get());
        }
        if (LAMBDA_PROXY && ApiGateway.isServletRequest(request)) {
            return new ClientAddress(ApiGateway.sourceIp(request).orElse(UNKNOWN));
        }
        InetSocketAddress peer = request.getRemoteAddress();
        if (peer == null) {
            return new ClientAddress(UNKNOWN);
        }
        return new ClientAddress(peer.getAddress() != null ? peer.getAddress().getHostAddress() : UNKNOWN);
    }

    @Override
    public String toString() {
        return value;
    }

    /** Touched only when the Lambda proxy classes are there (never in the local platform). */
    private static final class ApiGateway {

        static boolean isServletRequest(HttpRequest<?> request) {
            return request instanceof ServletHttpRequest<?, ?>;
        }

        static Optional<String> sourceIp(HttpRequest<?> request) {
            return Optional.of(((ServletHttpRequest<?, ?>) request).getNativeRequest())
                    .filter(APIGatewayV2HTTPEvent.class::isInstance).map(APIGatewayV2HTTPEvent.class::cast)
                    .map(APIGatewayV2HTTPEvent::getRequestContext)
                    .map(APIGatewayV2HTTPEvent.RequestContext::getHttp)
                    .map(APIGatewayV2HTTPEvent.RequestContext.Http::getSourceIp)
                    .filter(ip -> !ip.isBlank());
        }
    }
}
