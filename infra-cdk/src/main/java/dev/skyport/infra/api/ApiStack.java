package dev.skyport.infra.api;

import dev.skyport.audit.application.AuditLog;
import dev.skyport.console.ConsoleHeaders;
import dev.skyport.infra.SkyportSettings;
import dev.skyport.infra.cloudaccounts.CloudAccountsFunction;
import dev.skyport.infra.console.ConsoleDistribution;
import dev.skyport.infra.clusters.ClustersFunction;
import dev.skyport.infra.clusters.ProvisioningStack;
import dev.skyport.infra.data.DataStack;
import dev.skyport.infra.notifications.NotificationsFunction;
import dev.skyport.infra.operations.OperationsDashboard;
import dev.skyport.infra.identity.AccountsFunction;
import dev.skyport.infra.identity.AuditArchiveFunction;
import dev.skyport.infra.identity.AuthFunction;
import dev.skyport.platform.config.MfaRequired;
import dev.skyport.infra.realtime.RealtimeFunctions;
import dev.skyport.infra.realtime.StreamPublisherFunction;
import dev.skyport.infra.realtime.WebSocketEndpoint;
import dev.skyport.platform.config.DeployedStacks;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.web.ViewerAddresses;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * The HTTP API and the functions behind it, the CloudFront distribution that serves the web console and the API on
 * one origin, and live status: the WebSocket API, the realtime functions and the stream publisher. Redeployed freely; the data lives in {@link DataStack}.
 */
public class ApiStack extends Stack {

    private final HttpApi api;
    private final AnonymousRouteThrottles routeThrottles;
    private final HttpApiAlarms httpAlarms;
    private final OperationsDashboard dashboard;
    /** The CDK context key of who must have two-factor sign-in: {@code none} (default), {@code admins}, {@code everyone}. */
    public static final String MFA_REQUIRED_CONTEXT = "skyport:mfaRequired";
    /**
     * The CDK context key of the second-factor key versions the secret lists, current first ({@code v2,v1}), during
     * a rotation (docs/operations.md): the auth function is published anew with it, and reads the secret again.
     */
    public static final String MFA_KEY_VERSIONS_CONTEXT = "skyport:mfaKeyVersions";

    private final AuthFunction auth;
    private final AccountsFunction accounts;
    private final AuditArchiveFunction auditArchive;
    private final CloudAccountsFunction cloudAccounts;
    private final ClustersFunction clusters;
    private final NotificationsFunction notifications;
    private final WebSocketEndpoint webSocket;
    private final ConsoleDistribution console;
    private final RealtimeFunctions realtime;
    private final StreamPublisherFunction streamPublisher;

    public ApiStack(Construct scope, String id, StackProps props, SkyportSettings settings, DataStack data,
                    ProvisioningStack provisioning) {
        super(scope, id, props);
        api = HttpApi.Builder.create(this, "HttpApi")
                .apiName("skyport")
                .description("Skyport control plane API")
                .createDefaultStage(false)
                .build();
        AccessLogs accessLogs = AccessLogs.in(this, AccessLogs.HTTP_API);
        HttpStage stage = api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                // Every route's own budget, everyone together; the anonymous routes get lower ones.
                .throttle(ThrottleSettings.builder().rateLimit(50).burstLimit(100).build())
                .accessLogSettings(accessLogs)
                .build());
        routeThrottles = new AnonymousRouteThrottles(api, stage);

        // Live status has its own API; the console reaches it from the distribution's origin, which is also where
        // people reach the HTTP API: the links Skyport mails lead there, unless a custom domain is set.
        webSocket = new WebSocketEndpoint(this, "WebSocket");
        // Only the distribution and the HTTP functions know it: the viewer address it vouches for is trusted, one
        // that a request straight to API Gateway sends is not (ViewerAddresses). Rotating it: docs/operations.md.
        Secret originVerify = Secret.Builder.create(this, "OriginVerify")
                .description("Skyport: the header value by which the HTTP functions know the CloudFront distribution")
                .generateSecretString(SecretStringGenerator.builder().passwordLength(48).excludePunctuation(true)
                        .build())
                .build();
        NagSuppressions.addResourceSuppressions(originVerify, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SMG4").reason("Not a credential: it tells the functions a request came through"
                        + " the distribution. Rotating it is a redeploy that makes a new one (docs/operations.md).")
                .build()));
        String originVerifyValue = originVerify.getSecretValue().unsafeUnwrap();
        console = new ConsoleDistribution(this, "Console", settings.consoleBuild(), api, webSocket.url(),
                webSocket.origin(), originVerifyValue);
        String publicBaseUrl = settings.publicBaseUrl().orElse(console.url());
        TokenKeys tokenKeys = new TokenKeys(data.signingKeys(), data.verificationKeys());
        auth = new AuthFunction(this, "Auth", settings, api, publicBaseUrl, data.users(), tokenKeys,
                data.platformEvents());
        auth.sealSecondFactors(data.secondFactorKey(), Optional.ofNullable(
                getNode().tryGetContext(MFA_KEY_VERSIONS_CONTEXT)).map(String::valueOf));
        accounts = new AccountsFunction(this, "Accounts", settings, api, data.users(), data.clusters(), tokenKeys,
                data.platformEvents());
        cloudAccounts = new CloudAccountsFunction(this, "CloudAccounts", settings, api, data.cloudAccounts(),
                data.users(), data.clusters(), tokenKeys, data.platformEvents(), provisioning.runRoles());
        clusters = new ClustersFunction(this, "Clusters", settings, api, data.clusters(), data.cloudAccounts(),
                data.users(), tokenKeys, provisioning.stateMachine(), provisioning.taskLogs());
        notifications = new NotificationsFunction(this, "Notifications", settings, api, data.notifications(),
                data.users(), tokenKeys, data.platformEvents(), publicBaseUrl);
        notifications.channels().mailOwnersThrough(auth.eventMailQueue());
        auth.takeChannelMailFrom(notifications.channels().delivery().concreteRole());

        all(SkyportFunction.class, this).stream().filter(SkyportFunction::servesHttp).forEach(function -> function
                .function().addEnvironment(EnvironmentNames.of(ViewerAddresses.ORIGIN_VERIFY_PROPERTY),
                        originVerifyValue));
        // Who must have two-factor sign-in (skyport:mfaRequired: none, admins or everyone): every API function's
        // gate reads it; checked here so that a wrong value stops the synthesis, not the functions.
        String mfaRequired = MfaRequired.parse(String.valueOf(Optional.ofNullable(
                getNode().tryGetContext(MFA_REQUIRED_CONTEXT)).orElse("none"))).wire();
        all(SkyportFunction.class, this).stream().filter(SkyportFunction::servesHttp).forEach(function -> function
                .function().addEnvironment(EnvironmentNames.of(MfaRequired.PROPERTY), mfaRequired));

        // Live status: status changes leave the clusters table through its stream and come back as pushes.
        realtime = new RealtimeFunctions(this, "Realtime", settings, webSocket, data.users(), data.connections(),
                data.notifications(), data.clusters(), data.platformEvents(), provisioning.taskLogs());
        streamPublisher = new StreamPublisherFunction(this, "StreamPublisher", settings, data.clusters(),
                data.platformEvents());

        // The audit log: every HTTP function records the write requests it answers, the stream publisher every
        // workflow transition; only the accounts function (GET /audit, /admin/audit) reads it. None may change it.
        for (SkyportFunction recorder : List.of(auth.function(), accounts.function(), cloudAccounts.api(),
                clusters.api(), notifications.api(), streamPublisher.function())) {
            recorder.recordAudit(data.audit());
        }
        accounts.function().readAudit(data.audit());
        auditArchive = new AuditArchiveFunction(this, "AuditArchive", settings, data.audit(), data.auditArchive());
        Alarm.Builder.create(this, "AuditNotRecordedAlarm")
                .alarmDescription("A Skyport function could not write an audit entry (its log says "
                        + AuditLog.NOT_RECORDED + ", with the action and request id): the request was answered as"
                        + " usual, but the audit log misses it. Look at the audit table's alarms and the function's"
                        + " log for the cause (a permission, the table, throttling). docs/operations.md")
                .metric(Metric.Builder.create().namespace(HttpApiAlarms.NAMESPACE)
                        .metricName(SkyportFunction.AUDIT_NOT_RECORDED_METRIC).statistic("Sum")
                        .period(Duration.minutes(5)).build())
                // Every entry counts: one missing is already a gap in the record.
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        httpAlarms = new HttpApiAlarms(this, "HttpApiAlarms", stage, accessLogs.group());
        dashboard = new OperationsDashboard(this, "Operations", new OperationsDashboard.Watched(stage, httpAlarms,
                webSocket, all(SkyportFunction.class, provisioning, this), provisioning.stateMachine(), data.tables(),
                all(WatchedDeadLetters.class, provisioning, this)));

        // After every feature added its routes: the suppression reaches the children that exist now.
        NagSuppressions.addResourceSuppressions(api, List.of(NagPackSuppression.builder().id("AwsSolutions-APIG4")
                .reason("The sign-up and login routes must be open; every other route checks the Skyport JWT in"
                        + " the function (Micronaut Security), which also serves the cookie and CSRF rules.")
                .build()), true);

        CfnOutput.Builder.create(this, "OperationsDashboard").value(dashboard.dashboard().getDashboardName())
                .description("The CloudWatch dashboard of what the alarms watch (docs/operations.md)").build();
        CfnOutput.Builder.create(this, DeployedStacks.CONSOLE_URL).value(publicBaseUrl + ConsoleHeaders.PATH)
                .description("The Skyport web console").build();
        CfnOutput.Builder.create(this, DeployedStacks.API_URL).value(publicBaseUrl)
                .description("Base URL of the Skyport API (the console's origin)").build();
        CfnOutput.Builder.create(this, DeployedStacks.WEB_SOCKET_URL).value(webSocket.url())
                .description("Live status: connect with ?ticket= from POST /auth/ws-ticket").build();
    }

    public HttpApi api() {
        return api;
    }

    /** The constructs of that type in these stacks, in the order they were made. */
    private static <T> List<T> all(Class<T> type, Stack... stacks) {
        List<T> found = new ArrayList<>();
        for (Stack stack : stacks) {
            stack.getNode().findAll().stream().filter(type::isInstance).map(type::cast).forEach(found::add);
        }
        return found;
    }

    public OperationsDashboard dashboard() {
        return dashboard;
    }

    /** The limits of the routes anyone may call. */
    public AnonymousRouteThrottles routeThrottles() {
        return routeThrottles;
    }

    public HttpApiAlarms httpAlarms() {
        return httpAlarms;
    }

    public AuthFunction auth() {
        return auth;
    }

    public AccountsFunction accounts() {
        return accounts;
    }

    /** Copies the audit log's new entries into the archive bucket. */
    public AuditArchiveFunction auditArchive() {
        return auditArchive;
    }

    public CloudAccountsFunction cloudAccounts() {
        return cloudAccounts;
    }

    public ClustersFunction clusters() {
        return clusters;
    }

    public NotificationsFunction notifications() {
        return notifications;
    }

    public ConsoleDistribution console() {
        return console;
    }

    public WebSocketEndpoint webSocket() {
        return webSocket;
    }

    public RealtimeFunctions realtime() {
        return realtime;
    }

    public StreamPublisherFunction streamPublisher() {
        return streamPublisher;
    }
}
