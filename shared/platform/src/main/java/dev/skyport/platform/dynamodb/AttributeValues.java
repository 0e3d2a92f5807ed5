package dev.skyport.platform.dynamodb;

import java.time.Instant;
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
}
