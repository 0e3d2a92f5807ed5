package dev.skyport.infra.data;

import dev.skyport.platform.dynamodb.TableDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexPropsV2;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.TableEncryptionV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.constructs.Construct;

/**
 * A DynamoDB table made from the same {@link TableDefinition} the local platform and tests create, with an alarm on
 * its throttled requests and one on DynamoDB's own errors.
 */
public class SkyportTable extends Construct {

    private final TableV2 table;
    private final String name;
    private MathExpression throttles;
    private MathExpression systemErrors;

    public SkyportTable(Construct scope, String id, TableDefinition definition, boolean deletionProtection) {
        super(scope, id);
        TableV2.Builder builder = TableV2.Builder.create(this, "Table")
                .partitionKey(string(definition.partitionKey()))
                .sortKey(string(definition.sortKey()))
                .billing(Billing.onDemand())
                .encryption(TableEncryptionV2.awsManagedKey())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(deletionProtection)
                .removalPolicy(deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .globalSecondaryIndexes(definition.globalIndexes().stream()
                        .map(index -> GlobalSecondaryIndexPropsV2.builder()
                                .indexName(index.name())
                                .partitionKey(string(index.partitionKey()))
                                .sortKey(string(index.sortKey()))
                                .build())
                        .toList());
        definition.ttlAttribute().ifPresent(builder::timeToLiveAttribute);
        if (definition.streamNewAndOldImages()) {
            builder.dynamoStream(StreamViewType.NEW_AND_OLD_IMAGES);
        }
        this.table = builder.build();
        this.name = definition.logicalName();
        alarms(definition);
    }

    /** The operations Skyport's stores make (TransactWriteItems carries the condition checks). */
    static final List<String> OPERATIONS = List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query",
            "TransactWriteItems");

    private void alarms(TableDefinition definition) {
        String name = definition.logicalName();
        // Metric ids are unique per graph: the dashboard draws every table's expressions together.
        String prefix = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_";
        Map<String, IMetric> throttles = new LinkedHashMap<>();
        throttles.put(prefix + "reads", metric("ReadThrottleEvents", Map.of("TableName", table.getTableName())));
        throttles.put(prefix + "writes", metric("WriteThrottleEvents", Map.of("TableName", table.getTableName())));
        this.throttles = MathExpression.Builder.create().expression(String.join(" + ", throttles.keySet()))
                .usingMetrics(throttles)
                .label(name + " throttled requests").period(Duration.minutes(5)).build();
        Alarm.Builder.create(this, "ThrottlesAlarm")
                .alarmDescription("DynamoDB throttled the " + name + " table's reads or writes (10 or more in each of"
                        + " two 5-minute periods). On-demand tables throttle past twice their previous peak, at the"
                        + " table or account limits, or on one hot key: the SDK's retries no longer hide it and"
                        + " calls fail. Find the function and key in the dashboard and logs; a flood (the auth 4xx"
                        + " alarm) or a runaway loop is the usual cause. docs/operations.md")
                .metric(this.throttles)
                // The SDK retries a throttled call (with backoff) and usually succeeds; ten in each of two
                // 5-minute periods is sustained pressure that callers feel.
                .threshold(10)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(2)
                .datapointsToAlarm(2)
                // No requests throttled, no data.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        Map<String, IMetric> errors = new LinkedHashMap<>();
        for (String operation : OPERATIONS) {
            errors.put(prefix + operation.toLowerCase(java.util.Locale.ROOT),
                    metric("SystemErrors", Map.of("TableName", table.getTableName(), "Operation", operation)));
        }
        this.systemErrors = MathExpression.Builder.create().expression(String.join(" + ", errors.keySet()))
                .usingMetrics(errors).label(name + " system errors").period(Duration.minutes(5)).build();
        Alarm.Builder.create(this, "SystemErrorsAlarm")
                .alarmDescription("DynamoDB answered the " + name + " table's requests with its own errors (HTTP 500,"
                        + " 5 or more in each of two 5-minute periods). Nothing in Skyport causes these: check the"
                        + " AWS Health Dashboard for DynamoDB in this region; calls that fail after the SDK's"
                        + " retries show as function errors and 5xx answers. docs/operations.md")
                .metric(this.systemErrors)
                // A stray 500 is retried by the SDK; several in each of ten minutes is a DynamoDB incident.
                .threshold(5)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(2)
                .datapointsToAlarm(2)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private static Metric metric(String name, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace("AWS/DynamoDB").metricName(name).dimensionsMap(dimensions)
                .statistic("Sum").period(Duration.minutes(5)).build();
    }

    public ITable table() {
        return table;
    }

    /** The table's name in Skyport's code ({@code users}, ...). */
    public String name() {
        return name;
    }

    /** Read and write throttle events, summed over 5 minutes (the throttles alarm's metric). */
    public MathExpression throttles() {
        return throttles;
    }

    /** DynamoDB's own errors over the operations Skyport makes, summed over 5 minutes. */
    public MathExpression systemErrors() {
        return systemErrors;
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }
}
