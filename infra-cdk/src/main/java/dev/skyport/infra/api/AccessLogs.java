package dev.skyport.infra.api;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** A stage's access log, the same for the HTTP and the WebSocket API: its own log group, kept three months. */
public final class AccessLogs {

    private AccessLogs() {
    }

    /** Lines in {@code format}, into a log group {@code AccessLogs} made in {@code scope}. */
    public static IAccessLogSettings in(Construct scope, AccessLogFormat format) {
        LogGroup group = LogGroup.Builder.create(scope, "AccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        IAccessLogDestination destination = new LogGroupLogDestination(group);
        return new IAccessLogSettings() {
            @Override
            public IAccessLogDestination getDestination() {
                return destination;
            }

            @Override
            public AccessLogFormat getFormat() {
                return format;
            }
        };
    }
}
