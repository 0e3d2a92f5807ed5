package dev.skyport.infra.api;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** A stage's access log, the same for the HTTP and the WebSocket API: its own log group, kept three months. */
public final class AccessLogs implements IAccessLogSettings {

    /**
     * The HTTP API's lines: one JSON object per request, every value a string. {@code routeKey} and {@code path} are
     * what the metric filters of {@link HttpApiAlarms} read; no query string (the verification and reset links carry
     * their tokens there) and no header is logged.
     */
    public static final AccessLogFormat HTTP_API = AccessLogFormat.custom("{"
            + "\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\","
            + "\"requestTime\":\"$context.requestTime\","
            + "\"httpMethod\":\"$context.httpMethod\","
            + "\"routeKey\":\"$context.routeKey\","
            + "\"path\":\"$context.path\","
            + "\"status\":\"$context.status\","
            + "\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\","
            + "\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationStatus\":\"$context.integrationStatus\"}");

    private final LogGroup group;
    private final IAccessLogDestination destination;
    private final AccessLogFormat format;

    private AccessLogs(LogGroup group, AccessLogFormat format) {
        this.group = group;
        this.destination = new LogGroupLogDestination(group);
        this.format = format;
    }

    /** Lines in {@code format}, into a log group {@code AccessLogs} made in {@code scope}. */
    public static AccessLogs in(Construct scope, AccessLogFormat format) {
        return new AccessLogs(LogGroup.Builder.create(scope, "AccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build(), format);
    }

    @Override
    public IAccessLogDestination getDestination() {
        return destination;
    }

    @Override
    public AccessLogFormat getFormat() {
        return format;
    }

    public ILogGroup group() {
        return group;
    }
}
