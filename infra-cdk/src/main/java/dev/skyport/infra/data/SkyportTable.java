package dev.skyport.infra.data;

import dev.skyport.platform.dynamodb.TableDefinition;
import software.amazon.awscdk.RemovalPolicy;
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

/** A DynamoDB table made from the same {@link TableDefinition} the local platform and tests create. */
public class SkyportTable extends Construct {

    private final TableV2 table;

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
    }

    public ITable table() {
        return table;
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }
}
