package dev.skyport.infra.api;

import dev.skyport.platform.aws.PrimingSettings;
import dev.skyport.platform.config.EnvironmentNames;
import dev.skyport.platform.dynamodb.PersonalTokenItems;
import dev.skyport.platform.dynamodb.SessionFamilyItems;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.dynamodb.ITable;
import dev.skyport.audit.application.AuditLog;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Skyport function the way every one is deployed: Java 21, the module's shaded jar, SnapStart on published
 * versions behind a {@code live} alias, its own role and log group (the role may write that log group and no other:
 * no AWSLambdaBasicExecutionRole, which allows logs:CreateLogGroup, CreateLogStream and PutLogEvents on every log
 * group of the account), an alarm on its errors and one on its throttles, routes on the HTTP API.
 */
public class SkyportFunction extends Construct {

    private final Function function;
    private final Alias live;
    private final Role role;
    private final LogGroup logs;
    private boolean servesHttp;

    public SkyportFunction(Construct scope, String id, Path jar, String handlerClass, Map<String, String> environment) {
        super(scope, id);
        logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        // logs:CreateLogStream and logs:PutLogEvents on this group's streams; the group exists before the function,
        // so the role needs no logs:CreateLogGroup.
        logs.grantWrite(role);
        Map<String, String> env = new HashMap<>(environment);
        // C1 only, also under SnapStart (where the java25 runtime would leave the default tiered JIT on): under the
        // bench's Lambda CPU model C2 compiles on the invoke's throttled CPU, for no faster first invoke
        // (docs/benchmarks.md, "Cold starts").
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        // Lambda's Java 21 runtime hot-patches Log4j 2 (Log4Shell) at every start unless told not to; AWS documents
        // the patch's cold-start cost. No Skyport jar carries Log4j's core (Logback logs; LambdaJarsIT fails the
        // build if a dependency brings it), so there is nothing to patch.
        env.put(LOG4J_PATCH_OFF, "true");
        env.put(EnvironmentNames.of(PrimingSettings.PRIME_CLIENTS), "true");
        function = Function.Builder.create(this, "Handler")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .code(Code.fromAsset(jar.toString()))
                .handler(handlerClass + "::handleRequest")
                // 1,769 MB would take 0.4-0.8 s off an on-demand start for 20-40 % more GB-s per start and 1.7x per
                // warm request; with SnapStart the cold path is a restore and a 15-30 ms first invoke
                // (docs/benchmarks.md).
                .memorySize(1024)
                .timeout(Duration.seconds(20))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .environment(env)
                .build();
        live = Alias.Builder.create(this, "Live").aliasName("live").version(function.getCurrentVersion()).build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every deployment publishes a version behind the live alias, which the API invokes");

        alarms();

        NagSuppressions.addResourceSuppressions(this, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("X-Ray accepts trace segments only on '*' (it has no resource-level permissions).")
                        .appliesTo(List.of("Resource::*"))
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-L1")
                        .reason("Skyport targets the Java 21 runtime on purpose (SnapStart, the project's release).")
                        .build()), true);
    }

    /**
     * The function's own alarms (they reach the operations topic through AlarmActions). Its metrics without a
     * version: every version and alias together, which is what callers see.
     */
    private void alarms() {
        Alarm.Builder.create(this, "ErrorsAlarm")
                .alarmDescription("Skyport function " + getNode().getPath() + " failed in each of the last three"
                        + " 5-minute periods: it is broken, not unlucky (a bad deployment, a permission it lacks, a"
                        + " table or secret it cannot read, token keys never initialised). Read its log group's"
                        + " latest errors; roll back or fix the cause. docs/operations.md")
                // One failed call is retried (events) or answered with a problem (HTTP); failures in every 5-minute
                // period for 15 minutes mean every call fails, even at a scheduled function's one call per period.
                .metric(function.metricErrors(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum")
                        .build()))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(3)
                .datapointsToAlarm(3)
                // No invocations, no errors.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Alarm.Builder.create(this, "ThrottlesAlarm")
                .alarmDescription("Skyport function " + getNode().getPath() + " was refused executions by Lambda"
                        + " (5 or more in 5 minutes): callers got 429s, or events wait for Lambda's retries. Its"
                        + " reserved concurrency (skyport:reservedConcurrency) or the account's concurrency quota is"
                        + " reached: a flood (see the auth 4xx alarm and the access logs) or real growth (raise the"
                        + " reservation or the quota). docs/operations.md")
                // A throttle or two is a burst Lambda's retries absorb; five in five minutes is a limit being hit.
                .metric(function.metricThrottles(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum")
                        .build()))
                .threshold(5)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /**
     * grantReadWriteData also grants the table's indexes ({@code table/index/*}): a wildcard cdk-nag asks about, so
     * it is acknowledged here, for that table only.
     */
    public void acknowledgeIndexGrant(String tableConstructId) {
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("grantReadWriteData covers the " + tableConstructId + "'s own indexes (index/*), nothing else.")
                .appliesTo(List.of(RegexAppliesTo.builder()
                        .regex("/^Resource::.*" + tableConstructId + ".*\\/index\\/\\*$/g").build()))
                .build()), true);
    }

    /**
     * Writes made with the access token of an ended session are refused (platform LiveSessionCheck): the function
     * reads whether a session is live, and nothing else of the users table. One GetItem, only on users' partitions,
     * only the liveness attributes (plus the key attributes, which IAM requires in the list), only with a projection.
     */
    public void allowSessionChecks(ITable users) {
        function.addEnvironment(EnvironmentNames.of(TableNames.property(SkyportTables.USERS)), users.getTableName());
        List<String> attributes = new ArrayList<>(List.of(SkyportTables.USERS.partitionKey(),
                SkyportTables.USERS.sortKey()));
        attributes.addAll(SessionFamilyItems.LIVENESS_ATTRIBUTES);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem"))
                .resources(List.of(users.getTableArn()))
                .conditions(Map.of(
                        "ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                                List.of(SessionFamilyItems.USER_PREFIX + "*")),
                        "ForAllValues:StringEquals", Map.of("dynamodb:Attributes", attributes),
                        // GetItem has no Select parameter, so the key may be absent (AWS's own example uses IfExists);
                        // a Query or Scan asking for more than the projection is still refused.
                        "StringEqualsIfExists", Map.of("dynamodb:Select", "SPECIFIC_ATTRIBUTES")))
                .build());
    }

    /**
     * Requests may come with a personal access token ({@code Bearer skp_...}, platform PersonalTokenValidator): the
     * function reads the token's item by its hash ({@code PAT#...}) and its person's profile ({@code USER#...}), each
     * one GetItem of only the attributes the check needs, and records the token's last use (UpdateItem of only those
     * two attributes on {@code PAT#...} items). It can neither make, change the scopes of, nor delete a token, and
     * reads nothing else of a person.
     */
    public void allowPersonalTokens(ITable users) {
        allowTokenChecks(users);
        List<String> keys = List.of(SkyportTables.USERS.partitionKey(), SkyportTables.USERS.sortKey());
        role.addToPrincipalPolicy(itemStatement("dynamodb:UpdateItem", users, PersonalTokenItems.PREFIX,
                concat(keys, PersonalTokenItems.USE_ATTRIBUTES), false));
    }

    /**
     * Whether a personal access token still works (the realtime function, before it opens a socket for a ticket a
     * token asked for): the two GetItems of {@link #allowPersonalTokens}, and no write.
     */
    public void allowTokenChecks(ITable users) {
        function.addEnvironment(EnvironmentNames.of(TableNames.property(SkyportTables.USERS)), users.getTableName());
        List<String> keys = List.of(SkyportTables.USERS.partitionKey(), SkyportTables.USERS.sortKey());
        role.addToPrincipalPolicy(itemStatement("dynamodb:GetItem", users, PersonalTokenItems.PREFIX,
                concat(keys, PersonalTokenItems.LOOKUP_ATTRIBUTES), true));
        role.addToPrincipalPolicy(itemStatement("dynamodb:GetItem", users, SessionFamilyItems.USER_PREFIX,
                concat(keys, PersonalTokenItems.PROFILE_ATTRIBUTES), true));
    }

    /**
     * A role that may write the users table for other reasons (the auth function, the pending-events relay) still
     * may not make or delete personal access tokens: only the accounts function manages them.
     */
    public void denyTokenManagement(ITable users) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .actions(List.of("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"))
                .resources(List.of(users.getTableArn()))
                .conditions(Map.of("ForAnyValue:StringLike", Map.of("dynamodb:LeadingKeys",
                        List.of(PersonalTokenItems.PREFIX + "*"))))
                .build());
    }

    private static PolicyStatement itemStatement(String action, ITable table, String keyPrefix,
                                                 List<String> attributes, boolean projection) {
        Map<String, Object> conditions = new HashMap<>();
        conditions.put("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of(keyPrefix + "*")));
        conditions.put("ForAllValues:StringEquals", Map.of("dynamodb:Attributes", attributes));
        if (projection) {
            conditions.put("StringEqualsIfExists", Map.of("dynamodb:Select", "SPECIFIC_ATTRIBUTES"));
        }
        return PolicyStatement.Builder.create()
                .actions(List.of(action))
                .resources(List.of(table.getTableArn()))
                .conditions(conditions)
                .build();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * What must go before an account or a cloud account (the person's clusters, kernel DependentResources): the
     * function may read the clusters table (one item, or a query of one owner's clusters), never write it.
     */
    public void readDependents(ITable clusters) {
        function.addEnvironment(EnvironmentNames.of(TableNames.property(SkyportTables.CLUSTERS)), clusters.getTableName());
        clusters.grant(role, "dynamodb:GetItem", "dynamodb:Query");
        acknowledgeIndexGrant("ClustersTable");
    }

    /** Whether it answers routes of the HTTP API (and so is reached through the distribution). */
    public boolean servesHttp() {
        return servesHttp;
    }

    /** Turns off the Lambda runtime's Log4Shell hot patch, which has nothing to patch here. */
    public static final String LOG4J_PATCH_OFF = "AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION";

    /** Where every function's count of audit entries it could not write goes (its log group's metric filter). */
    public static final String AUDIT_NOT_RECORDED_METRIC = "AuditEntriesNotRecorded";

    /**
     * The function appends to the audit log, and can do nothing else to it: PutItem on the audit table (the code
     * puts on the condition that no item has the key, so an entry is never overwritten; IAM has no condition key for
     * a condition expression, so that half is the code's and a test's), and an explicit deny of every way to change
     * or remove an item (UpdateItem, DeleteItem, BatchWriteItem, PartiQL), so that no grant added to this role later
     * can open it either. A line {@value AuditLog#NOT_RECORDED} in the function's log (a write that failed; the
     * request's answer stands) counts in {@value #AUDIT_NOT_RECORDED_METRIC}, which ApiStack alarms on.
     */
    public void recordAudit(ITable audit) {
        function.addEnvironment(EnvironmentNames.of(TableNames.property(SkyportTables.AUDIT)), audit.getTableName());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem"))
                .resources(List.of(audit.getTableArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .actions(APPEND_ONLY_DENIED)
                .resources(List.of(audit.getTableArn(), audit.getTableArn() + "/index/*"))
                .build());
        MetricFilter.Builder.create(this, "AuditNotRecorded")
                .logGroup(logs)
                .filterPattern(FilterPattern.literal("\"" + AuditLog.NOT_RECORDED + "\""))
                .metricNamespace(HttpApiAlarms.NAMESPACE)
                .metricName(AUDIT_NOT_RECORDED_METRIC)
                .metricValue("1")
                .build();
    }

    /**
     * What no role may do to the audit table: every way to change or remove an item, and to remove the table or
     * shorten what it keeps.
     */
    public static final List<String> APPEND_ONLY_DENIED = List.of("dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete", "dynamodb:DeleteTable",
            "dynamodb:UpdateTable", "dynamodb:UpdateTimeToLive");

    /** The function reads the audit log: Query on the table and its {@code byDay} index, nothing else. */
    public void readAudit(ITable audit) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(audit.getTableArn(), audit.getTableArn() + "/index/"
                        + SkyportTables.AUDIT.globalIndexes().getFirst().name()))
                .build());
    }

    /**
     * Turns SnapStart off, for an event consumer in an API function's jar: under SnapStart every singleton of the jar
     * is built before the snapshot, the API's too (controllers, token keys), which the consumer's role may not read
     * and its settings do not describe. Nobody waits on a consumer's cold start; on demand it builds only what its
     * work asks for ({@code Initialization}).
     */
    public void withoutSnapStart() {
        ((CfnFunction) function.getNode().getDefaultChild()).addPropertyDeletionOverride("SnapStart");
    }

    public IRole role() {
        return role;
    }

    /** The role as created here, for what only a role made in this stack has (its unique id). */
    public Role concreteRole() {
        return role;
    }

    public Function function() {
        return function;
    }

    public Alias live() {
        return live;
    }

    /** The function's own log group: the only one its role may write. */
    public LogGroup logs() {
        return logs;
    }

    /**
     * Routes every request the function's controllers serve (the OpenAPI document generated into its jar) to the
     * function's live alias; the anonymous ones get their limits ({@link AnonymousRouteThrottles}).
     */
    public void routes(HttpApi api, String id, Path jar, String module) {
        servesHttp = true;
        HttpLambdaIntegration integration = new HttpLambdaIntegration(id + "Integration", live);
        for (OpenApiRoutes.ApiRoute route : OpenApiRoutes.inJar(jar, module)) {
            List<HttpRoute> deployed = api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(route.method()))
                    .integration(integration)
                    .build());
            if (route.anonymous()) {
                AnonymousRouteThrottles.of(api).limit(route, deployed.getFirst());
            }
        }
    }
}
