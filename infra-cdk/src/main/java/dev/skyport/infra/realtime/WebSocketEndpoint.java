package dev.skyport.infra.realtime;

import dev.skyport.infra.api.AccessLogs;
import dev.skyport.infra.api.SkyportFunction;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogField;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The WebSocket API people keep open for live status ({@code wss://<api>.execute-api.<region>.amazonaws.com/live}):
 * one stage, deployed on every change, throttled, with access logs that name the connection and the route but
 * never the query string (it carries the single-use ticket). Functions push through the stage's callback URL with
 * {@code execute-api:ManageConnections}, which only those that push are given ({@link #allowPushes}).
 *
 * <p>API Gateway writes a WebSocket stage's logs with the role of the account's API Gateway settings (HTTP APIs need
 * none): this construct sets that role, as CDK's RestApi does, and keeps it when the stack is deleted, since every
 * REST and WebSocket API of the account and region logs through it.
 */
public class WebSocketEndpoint extends Construct {

    /** The stage's name: the last segment of the WebSocket URL and of the callback URL. */
    public static final String STAGE = "live";

    private final WebSocketApi api;
    private final WebSocketStage stage;

    public WebSocketEndpoint(Construct scope, String id) {
        super(scope, id);
        api = WebSocketApi.Builder.create(this, "Api")
                .apiName("skyport-live")
                .description("Skyport live status: cluster status, run log lines and notifications as they happen")
                .build();
        AccessLogFormat format = AccessLogFormat.custom("{"
                + "\"requestId\":\"" + AccessLogField.contextRequestId() + "\","
                + "\"ip\":\"" + AccessLogField.contextIdentitySourceIp() + "\","
                + "\"requestTime\":\"" + AccessLogField.contextRequestTime() + "\","
                + "\"eventType\":\"" + AccessLogField.contextEventType() + "\","
                + "\"routeKey\":\"" + AccessLogField.contextRouteKey() + "\","
                + "\"connectionId\":\"" + AccessLogField.contextConnectionId() + "\","
                + "\"status\":\"" + AccessLogField.contextStatus() + "\","
                + "\"integrationLatency\":\"" + AccessLogField.contextIntegrationLatency() + "\","
                + "\"error\":\"" + AccessLogField.contextErrorMessage() + "\"}");
        stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(STAGE)
                .autoDeploy(true)
                // Incoming messages (connects, pings) of every connection together; pushes are not counted here.
                .throttle(ThrottleSettings.builder().rateLimit(100).burstLimit(200).build())
                .accessLogSettings(AccessLogs.in(this, format))
                .build();
        stage.getNode().addDependency(apiGatewayLoggingRole());
        alarms();
    }

    /** The stage's metric (namespace AWS/ApiGateway, by API and stage), summed over 5 minutes. */
    public Metric metric(String name) {
        return Metric.Builder.create().namespace("AWS/ApiGateway").metricName(name)
                .dimensionsMap(Map.of("ApiId", api.getApiId(), "Stage", STAGE))
                .statistic("Sum").period(Duration.minutes(5)).build();
    }

    /** The stage's alarms; they reach the operations topic through AlarmActions. */
    private void alarms() {
        Alarm.Builder.create(this, "ExecutionErrorsAlarm")
                .alarmDescription("API Gateway could not run the WebSocket function (5 or more in 5 minutes: it"
                        + " crashed, timed out, or may not be invoked): people cannot connect for live status and"
                        + " the console falls back to polling. See the realtime WebSocket function's errors and log"
                        + " group. docs/operations.md")
                // Live status is down for whoever hits these; a handful in 5 minutes is more than a cold-start blip.
                .metric(metric("ExecutionError"))
                .threshold(5)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                // No connections, no errors.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Alarm.Builder.create(this, "IntegrationErrorsAlarm")
                .alarmDescription("The WebSocket function answered with an error 50 or more times in each of two"
                        + " 5-minute periods. A refused $connect (a missing, used or expired ticket) counts here, so a"
                        + " trickle is normal; this many is the console failing to connect after a release, or"
                        + " someone probing the endpoint. Read the WebSocket access logs (status, error) and the"
                        + " function's log group. docs/operations.md")
                // Refused connects are normal (expired tickets, closed tabs reconnecting); fifty in each of ten minutes
                // is far above what people's browsers make.
                .metric(metric("IntegrationError"))
                .threshold(50)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(2)
                .datapointsToAlarm(2)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /** The account's API Gateway settings: the role API Gateway writes REST and WebSocket stages' logs with. */
    private CfnAccount apiGatewayLoggingRole() {
        Role role = Role.Builder.create(this, "ApiGatewayLogsRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("Lets API Gateway write the logs of this account's REST and WebSocket API stages")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(
                        "service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                .build();
        role.applyRemovalPolicy(RemovalPolicy.RETAIN);
        CfnAccount account = CfnAccount.Builder.create(this, "ApiGatewayAccount")
                .cloudWatchRoleArn(role.getRoleArn())
                .build();
        account.applyRemovalPolicy(RemovalPolicy.RETAIN);
        account.getNode().addDependency(role);
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM4")
                .reason("AmazonAPIGatewayPushToCloudWatchLogs is the policy API Gateway's account logging role is"
                        + " made for: logs:CreateLogGroup, CreateLogStream, PutLogEvents, DescribeLogGroups,"
                        + " DescribeLogStreams, GetLogEvents and FilterLogEvents on '*'. Only API Gateway can assume"
                        + " the role, and it writes stages' logs with it.")
                .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                        + "AmazonAPIGatewayPushToCloudWatchLogs"))
                .build()));
        return account;
    }

    /**
     * {@code $connect}, {@code $disconnect} and {@code $default} to one function; {@code $default} sends the
     * function's answer back (pong).
     */
    public void routeAllTo(IFunction handler) {
        WebSocketLambdaIntegration integration = new WebSocketLambdaIntegration("WebSocketIntegration", handler);
        api.addRoute("$connect", WebSocketRouteOptions.builder().integration(integration).build());
        api.addRoute("$disconnect", WebSocketRouteOptions.builder().integration(integration).build());
        api.addRoute("$default", WebSocketRouteOptions.builder().integration(integration).returnResponse(true)
                .build());
        // After the routes exist: the suppression reaches the children that exist now.
        NagSuppressions.addResourceSuppressions(api, List.of(NagPackSuppression.builder().id("AwsSolutions-APIG4")
                .reason("$connect redeems the single-use ticket of POST /auth/ws-ticket (issued only with a valid"
                        + " Skyport JWT) in the function and refuses the connection without one; $disconnect and"
                        + " $default belong to a connection that was accepted, and API Gateway authorizes only"
                        + " $connect.")
                .build()), true);
    }

    /**
     * Lets the function push to connections ({@code POST @connections/{id}} on this stage) and, with
     * {@code alsoClose}, close them ({@code DELETE}): never read them.
     */
    public void allowPushes(SkyportFunction function, boolean alsoClose) {
        List<String> methods = alsoClose ? List.of("POST", "DELETE") : List.of("POST");
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("execute-api:ManageConnections"))
                .resources(methods.stream().map(method -> Stack.of(this).formatArn(ArnComponents.builder()
                        .service("execute-api")
                        .resource(api.getApiId())
                        .resourceName(STAGE + "/" + method + "/@connections/*")
                        .build())).toList())
                .build());
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Connection ids exist only at run time: the function may post to (and, for the one that"
                        + " ends them, close) any connection of this WebSocket API's stage, and do nothing else.")
                .appliesTo(List.of(RegexAppliesTo.builder()
                        .regex("/^Resource::arn:.*:execute-api:.*\\/" + STAGE
                                + "\\/(POST|DELETE)\\/@connections\\/\\*$/g")
                        .build()))
                .build()), true);
    }

    /** Where people connect: {@code wss://<api>.execute-api.<region>.amazonaws.com/live}. */
    public String url() {
        return stage.getUrl();
    }

    /** {@code wss://<api>.execute-api.<region>.amazonaws.com}: what the console's Content-Security-Policy allows. */
    public String origin() {
        return "wss://" + api.getApiId() + ".execute-api." + Stack.of(this).getRegion() + "."
                + Stack.of(this).getUrlSuffix();
    }

    /** Where functions push: {@code https://<api>.execute-api.<region>.amazonaws.com/live}. */
    public String callbackUrl() {
        return stage.getCallbackUrl();
    }

    public WebSocketApi api() {
        return api;
    }

    public WebSocketStage stage() {
        return stage;
    }
}
