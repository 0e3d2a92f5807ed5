package dev.skyport.platform.dynamodb;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How Skyport writes plain values into DynamoDB attributes, the same in every table. */
public final class AttributeValues {

    private AttributeValues() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** The TTL attribute: DynamoDB deletes the item some time after this second. Reads still check time. */
    public static AttributeValue ttl(Instant expiresAt) {
        return n(expiresAt.getEpochSecond());
    }

    /** An instant, to the millisecond. */
    public static AttributeValue millis(Instant instant) {
        return n(instant.toEpochMilli());
    }

    public static Instant instant(AttributeValue millis) {
        return Instant.ofEpochMilli(Long.parseLong(millis.n()));
    }

    /**
     * An item in DynamoDB's JSON form ({@code {"name": {"S": "ada"}}}), as plain maps, lists and text that any JSON
     * writer writes: what the console and {@code aws dynamodb} show, and what they read back.
     */
    public static Map<String, Object> dynamoDbJson(Map<String, AttributeValue> item) {
        Map<String, Object> json = new TreeMap<>();
        item.forEach((name, value) -> json.put(name, dynamoDbJson(value)));
        return json;
    }

    private static Map<String, Object> dynamoDbJson(AttributeValue value) {
        Base64.Encoder base64 = Base64.getEncoder();
        return switch (value.type()) {
            case S -> Map.of("S", value.s());
            case N -> Map.of("N", value.n());
            case BOOL -> Map.of("BOOL", value.bool());
            case NUL -> Map.of("NULL", true);
            case B -> Map.of("B", base64.encodeToString(value.b().asByteArray()));
            case SS -> Map.of("SS", value.ss());
            case NS -> Map.of("NS", value.ns());
            case BS -> Map.of("BS", value.bs().stream().map(b -> base64.encodeToString(b.asByteArray())).toList());
            case L -> Map.of("L", value.l().stream().map(AttributeValues::dynamoDbJson).toList());
            case M -> Map.of("M", dynamoDbJson(value.m()));
            case UNKNOWN_TO_SDK_VERSION -> Map.of("UNKNOWN", String.valueOf(value));
        };
    }
}
