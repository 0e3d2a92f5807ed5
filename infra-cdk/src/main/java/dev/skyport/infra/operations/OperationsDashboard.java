package dev.skyport.infra.operations;

import dev.skyport.infra.api.HttpApiAlarms;
import dev.skyport.infra.api.SkyportFunction;
import dev.skyport.infra.api.WatchedDeadLetters;
import dev.skyport.infra.data.SkyportTable;
import dev.skyport.infra.realtime.WebSocketEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * One CloudWatch dashboard with what the alarms watch, the threshold drawn on each graph: the HTTP API (answers,
 * 5xx rate, latency, auth refusals by route), the WebSocket API, every function's errors, throttles, concurrency and
 * duration, the provisioning workflow's executions, the tables' throttles and errors, and the dead-letter queues.
 */
public class OperationsDashboard extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    private final Dashboard dashboard;

    /** What the dashboard shows; each comes from the construct that owns it. */
    public record Watched(HttpStage httpStage, HttpApiAlarms httpAlarms, WebSocketEndpoint webSocket,
                         List<SkyportFunction> functions, IStateMachine workflow, List<SkyportTable> tables,
                         List<WatchedDeadLetters> deadLetters) {
    }

    public OperationsDashboard(Construct scope, String id, Watched watched) {
        super(scope, id);
        MetricOptions sum = MetricOptions.builder().period(PERIOD).statistic("Sum").build();
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(Stack.of(this).getStackName() + "-operations")
                .defaultInterval(Duration.hours(6))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create().width(24).height(2).markdown(
                "# Skyport operations\nEvery alarm mails the operations topic (stack output `OperationsTopicArn`);"
                        + " what each one means and what to do: docs/operations.md. The red lines are the alarms'"
                        + " thresholds.").build());

        HttpStage http = watched.httpStage();
        dashboard.addWidgets(
                graph("HTTP API answers", List.of(http.metricCount(sum), http.metricClientError(sum),
                        http.metricServerError(sum)), null),
                graph("HTTP API 5xx (% of answers, 20+ requests)", List.of(watched.httpAlarms().serverErrorRate()),
                        5.0),
                graph("HTTP API latency (ms)", List.of(
                        http.metricLatency(MetricOptions.builder().period(PERIOD).statistic("p50").build()),
                        http.metricLatency(MetricOptions.builder().period(PERIOD).statistic("p99").build())), 3000.0),
                graph("Auth routes' 4xx (429 included)", List.of(watched.httpAlarms().authClientErrors(),
                        MathExpression.Builder.create()
                                .expression("SEARCH('{" + HttpApiAlarms.NAMESPACE + ",Route} MetricName=\""
                                        + HttpApiAlarms.AUTH_CLIENT_ERRORS_BY_ROUTE + "\"', 'Sum', 300)")
                                .label("").period(PERIOD).build()), 50.0));

        WebSocketEndpoint ws = watched.webSocket();
        dashboard.addWidgets(
                graph("WebSocket connects and messages", List.of(ws.metric("ConnectCount"),
                        ws.metric("MessageCount")), null),
                graph("WebSocket execution errors", List.of(ws.metric("ExecutionError")), 5.0),
                graph("WebSocket integration errors (refused connects included)",
                        List.of(ws.metric("IntegrationError")), 50.0));

        List<SkyportFunction> functions = watched.functions();
        dashboard.addWidgets(
                graph("Function errors", perFunction(functions, f -> f.function().metricErrors(sum)), 1.0),
                graph("Function throttles", perFunction(functions, f -> f.function().metricThrottles(sum)), 5.0),
                graph("Function concurrent executions (max)", perFunction(functions, f -> f.function().metric(
                        "ConcurrentExecutions", MetricOptions.builder().period(PERIOD).statistic("Maximum")
                                .build())), null),
                graph("Function duration p99 (ms)", perFunction(functions, f -> f.function().metricDuration(
                        MetricOptions.builder().period(PERIOD).statistic("p99").build())), null));

        IStateMachine workflow = watched.workflow();
        dashboard.addWidgets(
                graph("Provisioning runs", List.of(workflow.metricStarted(sum), workflow.metricSucceeded(sum),
                        workflow.metricAborted(sum)), null),
                graph("Provisioning runs failed (alarm: 3 in 15 min)", List.of(workflow.metricFailed(
                        MetricOptions.builder().period(Duration.minutes(15)).statistic("Sum").build())), 3.0),
                graph("Provisioning runs timed out", List.of(workflow.metricTimedOut(sum)), 1.0));

        dashboard.addWidgets(
                graph("Table throttled requests", watched.tables().stream().map(t -> (IMetric) t.throttles())
                        .toList(), 10.0),
                graph("Table system errors", watched.tables().stream().map(t -> (IMetric) t.systemErrors())
                        .toList(), 5.0),
                graph("Dead letters waiting", watched.deadLetters().stream().map(d -> (IMetric) d.queue()
                        .metricApproximateNumberOfMessagesVisible(MetricOptions.builder().period(PERIOD)
                                .statistic("Maximum").label(d.getNode().getPath()).build())).toList(), 1.0));
    }

    private static List<IMetric> perFunction(List<SkyportFunction> functions,
                                             Function<SkyportFunction, IMetric> metric) {
        List<IMetric> metrics = new ArrayList<>();
        for (SkyportFunction function : functions) {
            IMetric one = metric.apply(function);
            metrics.add(one instanceof software.amazon.awscdk.services.cloudwatch.Metric m
                    ? m.with(MetricOptions.builder().label(function.getNode().getPath()).build()) : one);
        }
        return metrics;
    }

    private static IWidget graph(String title, List<IMetric> metrics, Double threshold) {
        GraphWidget.Builder graph = GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6);
        if (threshold != null) {
            graph.leftAnnotations(List.of(HorizontalAnnotation.builder().value(threshold).label("alarm")
                    .color("#d62728").build()));
        }
        return graph.build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
