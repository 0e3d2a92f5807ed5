package dev.skyport.platform.dynamodb;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Lambda's form of the SDK's stream records: what the event source mapping gives the function in AWS. The local
 * platform's stream poller hands these to the functions, and tests read DynamoDB Local's stream with it. (AWS's
 * aws-lambda-java-events-sdk-transformer converts the other way only.)
 */
public final class LambdaStreamRecords {

    private LambdaStreamRecords() {
    }

    /** The record as Lambda's event source mapping gives it to a function reading {@code streamArn}. */
    public static DynamodbEvent.DynamodbStreamRecord of(Record record, String streamArn) {
        var change = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
        change.setKeys(map(record.dynamodb().keys()));
        change.setNewImage(map(record.dynamodb().newImage()));
        change.setOldImage(map(record.dynamodb().oldImage()));
        change.setSequenceNumber(record.dynamodb().sequenceNumber());
        change.setSizeBytes(record.dynamodb().sizeBytes());
        change.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType
                .fromValue(record.dynamodb().streamViewTypeAsString()));
        if (record.dynamodb().approximateCreationDateTime() != null) {
            change.setApproximateCreationDateTime(Date.from(record.dynamodb().approximateCreationDateTime()));
        }
        DynamodbEvent.DynamodbStreamRecord lambda = new DynamodbEvent.DynamodbStreamRecord();
        lambda.setEventID(record.eventID());
        lambda.setEventName(record.eventNameAsString());
        lambda.setEventSource("aws:dynamodb");
        lambda.setEventVersion(record.eventVersion());
        lambda.setAwsRegion(record.awsRegion());
        lambda.setEventSourceARN(streamArn);
        lambda.setDynamodb(change);
        return lambda;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> map(
            Map<String, AttributeValue> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> converted =
                new HashMap<>();
        values.forEach((name, value) -> converted.put(name, value(value)));
        return converted;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value(
            AttributeValue value) {
        var converted = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (value.type()) {
            case S -> converted.setS(value.s());
            case N -> converted.setN(value.n());
            case B -> converted.setB(value.b().asByteBuffer());
            case SS -> converted.setSS(value.ss());
            case NS -> converted.setNS(value.ns());
            case BS -> converted.setBS(value.bs().stream().map(b -> b.asByteBuffer()).toList());
            case M -> converted.setM(map(value.m()) == null ? Map.of() : map(value.m()));
            case L -> converted.setL(value.l().stream().map(LambdaStreamRecords::value).toList());
            case BOOL -> converted.setBOOL(value.bool());
            case NUL -> converted.setNULL(true);
            default -> throw new IllegalArgumentException("an attribute of unknown type " + value.type());
        }
        return converted;
    }
}
