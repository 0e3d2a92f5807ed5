package dev.skyport.infra.api;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.constructs.Construct;

/**
 * The HTTP API's alarms, on the stage's metrics and on its access log ({@link AccessLogs#HTTP_API}): failing
 * answers, slow answers, and refusals on the auth routes, which is what a credential-stuffing script, a sign-up or
 * reset flood, or a broken console release looks like. They reach the operations topic through AlarmActions.
 */
public class HttpApiAlarms extends Construct {

    /** Where Skyport's own metrics (from log filters) are. */
    public static final String NAMESPACE = "Skyport";
    /** 4xx answers of the /auth/ routes, all together (the alarm's metric). */
    public static final String AUTH_CLIENT_ERRORS = "AuthClientErrors";
    /** The same, by route key (the dashboard's). */
    public static final String AUTH_CLIENT_ERRORS_BY_ROUTE = "AuthClientErrorsByRoute";
    /** An auth route's line with a 4xx status, throttled requests (429) included. */
    static final String AUTH_4XX = "{ ($.path = \"/auth/*\") && ($.status = \"4*\") }";

    private final Metric authClientErrors;
    private final MathExpression serverErrorRate;

    public HttpApiAlarms(Construct scope, String id, HttpStage stage, ILogGroup accessLogs) {
        super(scope, id);
        MetricOptions sum = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        serverErrorRate = MathExpression.Builder.create()
                // Below 20 requests in 5 minutes one failure is a large percentage of nothing: count it as none.
                .expression("IF(requests >= 20, 100 * errors / requests, 0)")
                .usingMetrics(Map.<String, IMetric>of("errors", stage.metricServerError(sum),
                        "requests", stage.metricCount(sum)))
                .label("5xx answers (% of requests)")
                .period(Duration.minutes(5))
                .build();
        Alarm.Builder.create(this, "ServerErrorsAlarm")
                .alarmDescription("More than 5% of the HTTP API's answers were 5xx for 10 minutes (at 20 requests or"
                        + " more per 5 minutes): people see failures. Look at which function's errors alarm is on"
                        + " and its log group; 502/503 with no function error is Lambda refusing calls (throttles)"
                        + " or a function timing out (504). Roll back a bad deployment. docs/operations.md")
                .metric(serverErrorRate)
                // 5% for two 5-minute periods is an outage for some people, not a lone retryable failure.
                .threshold(5)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(2)
                .datapointsToAlarm(2)
                // No requests, no failures.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Alarm.Builder.create(this, "LatencyAlarm")
                .alarmDescription("The HTTP API's p99 latency was above 3 s for 15 minutes. Warm answers take tens of"
                        + " milliseconds and a SnapStart restore well under a second; this is a function slowing"
                        + " down (DynamoDB throttles, a provider call hanging, warm latency growing) or cold starts"
                        + " without SnapStart. Compare the functions' duration on the dashboard. docs/operations.md")
                .metric(stage.metricLatency(MetricOptions.builder().period(Duration.minutes(5)).statistic("p99")
                        .build()))
                // Well above cold starts and the login's Argon2id, well below the 20 s function and 30 s API
                // limits; three periods running so that the cold starts after a deployment do not alarm.
                .threshold(3000)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(3)
                .datapointsToAlarm(3)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        authClientErrors = MetricFilter.Builder.create(this, "AuthClientErrors")
                .logGroup(accessLogs)
                .filterPattern(FilterPattern.literal(AUTH_4XX))
                .metricNamespace(NAMESPACE)
                .metricName(AUTH_CLIENT_ERRORS)
                .metricValue("1")
                // Every access log line that does not match counts 0, so the metric has data whenever there is traffic.
                .defaultValue(0)
                .build()
                .metric(sum);
        MetricFilter.Builder.create(this, "AuthClientErrorsByRoute")
                .logGroup(accessLogs)
                .filterPattern(FilterPattern.literal(AUTH_4XX))
                .metricNamespace(NAMESPACE)
                .metricName(AUTH_CLIENT_ERRORS_BY_ROUTE)
                .metricValue("1")
                .dimensions(Map.of("Route", "$.routeKey"))
                .build();
        Alarm.Builder.create(this, "AuthClientErrorsAlarm")
                .alarmDescription("The auth routes answered 50 or more 4xx (refusals and 429 throttles) in each of"
                        + " two 5-minute periods. People mistyping make a handful; this is a script guessing"
                        + " passwords or tokens, a sign-up or reset flood, or a broken console release. Find the"
                        + " route and the addresses in the access logs (docs/operations.md has the Logs Insights"
                        + " query); block them with a WAF rate-based rule, or lower the route's limit.")
                .metric(authClientErrors)
                // 10 a minute for 10 minutes on routes people use a few times a day is not people.
                .threshold(50)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(2)
                .datapointsToAlarm(2)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    public Metric authClientErrors() {
        return authClientErrors;
    }

    public MathExpression serverErrorRate() {
        return serverErrorRate;
    }
}
